import type { Command } from 'commander';
import type { MapSource, MapSourceSetting } from '../../../../shared/map-source';
import { resolveDataDir } from '../../data-dir';
import { MusterError } from '../../errors';
import { archivePath } from '../../map/archive-sources';
import type { CliIo, GlobalOptions } from '../io';
import { callAndPrint } from '../open-core';

type SourceOptions = { xyz?: string; pmtiles?: string; none?: boolean; attribution?: string };

/** The source the options name, or null when they name none (show the current one). */
function chosenSource(o: SourceOptions): MapSource | null {
  const given = [o.xyz !== undefined, o.pmtiles !== undefined, Boolean(o.none)].filter(Boolean).length;
  if (given > 1) throw new MusterError('invalid_params', 'give at most one of --xyz, --pmtiles or --none');
  if (o.attribution !== undefined && (given === 0 || o.none)) {
    throw new MusterError('invalid_params', '--attribution goes with --xyz or --pmtiles');
  }
  const attribution = o.attribution === undefined ? {} : { attribution: o.attribution };
  if (o.xyz !== undefined) return { kind: 'xyz', url: o.xyz, ...attribution };
  if (o.pmtiles !== undefined) return { kind: 'pmtiles', location: o.pmtiles, ...attribution };
  return o.none ? { kind: 'none' } : null;
}

function settingText(setting: MapSourceSetting, dataDir: string): string {
  const { source } = setting;
  const lines = [
    source.kind === 'none'
      ? 'map source: none (incidents are drawn on a plain coordinate grid; nothing is fetched)'
      : source.kind === 'xyz'
        ? `map source: tile server ${source.url}`
        : `map source: PMTiles archive ${source.location}`,
  ];
  if (source.kind !== 'none' && source.attribution) lines.push(`attribution: ${source.attribution}`);
  if (setting.archivePresent !== null && source.kind === 'pmtiles') {
    const file = archivePath(dataDir, source.location);
    lines.push(
      setting.archivePresent ? `archive file: ${file}` : `archive file: missing here (put it at ${file})`,
    );
  }
  if (setting.setBy) lines.push(`set by ${setting.setBy.user}${setting.setAt ? ` at ${setting.setAt}` : ''}`);
  return lines.join('\n');
}

export function addMapCommands(program: Command, io: CliIo): void {
  const map = program.command('map').description('the map view: where its background tiles come from');

  map
    .command('source')
    .description(
      'show the map tile source, or (administrators) set it for the whole workspace: a tile server URL with {z}/{x}/{y}, a PMTiles archive (http(s) URL, or a file name in <data dir>/maps/), or none',
    )
    .option('--xyz <url>', 'a raster tile server, e.g. https://tiles.example/{z}/{x}/{y}.png')
    .option(
      '--pmtiles <location>',
      'a raster PMTiles archive: an http(s) URL or a file name in the maps folder',
    )
    .option('--none', 'no tiles: incidents on a plain coordinate grid, nothing fetched')
    .option('--attribution <text>', 'credit shown on the map, e.g. "© OpenStreetMap contributors"')
    .action((o: SourceOptions, command: Command) => {
      const source = chosenSource(o);
      const dataDir = resolveDataDir(command.optsWithGlobals<GlobalOptions>().data, io.env);
      const describe = (setting: MapSourceSetting) => settingText(setting, dataDir);
      return source
        ? callAndPrint(command, io, 'setMapSource', { source }, describe)
        : callAndPrint(command, io, 'getMapSource', {}, describe);
    });
}

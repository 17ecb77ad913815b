import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WhoAmI } from '../../../../shared/contract';
import { DEFAULT_DEPARTMENTS } from '../../../../shared/identity';
import { api } from '../../api';
import { SubmitRow } from '../../components/SubmitRow';
import { useSubmit } from '../../components/useSubmit';

/** The command an administrator types, the same in every language. */
const INVITE_COMMAND = 'muster invite';

/** What the core accepts (contract `joinWorkspace`); a bigger file is the wrong file. */
const BUNDLE_MAX_BYTES = 64 * 1024;

/**
 * First run: this data folder belongs to no workspace yet. Either create one (you become its first
 * administrator) or join one with the enrolment bundle an administrator handed you.
 */
export function FirstRunPage({ onEnrolled }: { onEnrolled: (me: WhoAmI) => void }) {
  const { t } = useTranslation('workspace');
  return (
    <section className="first-run" aria-labelledby="first-run-heading">
      <h2 id="first-run-heading">{t('heading')}</h2>
      <p className="lede">{t('lede')}</p>
      <div className="first-run-options">
        <CreateWorkspaceForm onEnrolled={onEnrolled} />
        <JoinWorkspaceForm onEnrolled={onEnrolled} />
      </div>
    </section>
  );
}

function CreateWorkspaceForm({ onEnrolled }: { onEnrolled: (me: WhoAmI) => void }) {
  const { t } = useTranslation('workspace');
  const [workspace, setWorkspace] = useState('');
  const [department, setDepartment] = useState<string>(DEFAULT_DEPARTMENTS[0]!.id);
  const [user, setUser] = useState('');
  const { submit, submitting, error } = useSubmit(async () =>
    onEnrolled(await api.initWorkspace({ workspace, department, user })),
  );

  return (
    <form className="panel setup-form" onSubmit={submit} aria-labelledby="create-workspace-heading">
      <h3 id="create-workspace-heading">{t('create.heading')}</h3>
      <p className="hint">{t('create.hint')}</p>
      <label>
        {t('create.name')}
        <input
          name="workspace"
          value={workspace}
          maxLength={120}
          placeholder={t('create.namePlaceholder')}
          onChange={(e) => setWorkspace(e.target.value)}
          autoComplete="organization"
        />
      </label>
      <label>
        {t('create.department')}
        <select name="department" value={department} onChange={(e) => setDepartment(e.target.value)}>
          {DEFAULT_DEPARTMENTS.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('create.user')}
        <input
          name="user"
          value={user}
          maxLength={120}
          placeholder={t('create.userPlaceholder')}
          onChange={(e) => setUser(e.target.value)}
          autoComplete="name"
        />
      </label>
      <SubmitRow
        label={t('create.submit')}
        busyLabel={t('create.busy')}
        submitting={submitting}
        error={error}
      />
    </form>
  );
}

/** Resolves with a file's text (FileReader: every browser and jsdom have it). */
function readText(file: Blob, unreadable: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(unreadable));
    reader.readAsText(file);
  });
}

function JoinWorkspaceForm({ onEnrolled }: { onEnrolled: (me: WhoAmI) => void }) {
  const { t } = useTranslation('workspace');
  const fileInput = useRef<HTMLInputElement>(null);
  const { submit, submitting, error, clearError } = useSubmit(async () => {
    const file = fileInput.current?.files?.[0];
    if (!file) throw new Error(t('join.chooseFirst'));
    if (file.size > BUNDLE_MAX_BYTES) throw new Error(t('join.tooLarge', { name: file.name }));
    // Read only now and never kept in state: the bundle holds the member's private key.
    const bundle = await readText(file, t('join.unreadable'));
    onEnrolled(await api.joinWorkspace({ bundle }));
  });

  return (
    <form className="panel setup-form" onSubmit={submit} aria-labelledby="join-workspace-heading">
      <h3 id="join-workspace-heading">{t('join.heading')}</h3>
      <p className="hint">
        {t('join.hintBefore')} <code>{INVITE_COMMAND}</code>
        {t('join.hintAfter')}
      </p>
      <label>
        {t('join.bundle')}
        <input ref={fileInput} type="file" name="bundle" onChange={clearError} />
      </label>
      <SubmitRow label={t('join.submit')} busyLabel={t('join.busy')} submitting={submitting} error={error} />
    </form>
  );
}

import { useRef, useState } from 'react';
import type { WhoAmI } from '../../../../shared/contract';
import { DEFAULT_DEPARTMENTS } from '../../../../shared/identity';
import { api } from '../../api';
import { SubmitRow } from '../../components/SubmitRow';
import { useSubmit } from '../../components/useSubmit';

/** What the core accepts (contract `joinWorkspace`); a bigger file is the wrong file. */
const BUNDLE_MAX_BYTES = 64 * 1024;

/**
 * First run: this data folder belongs to no workspace yet. Either create one (you become its first
 * administrator) or join one with the enrolment bundle an administrator handed you.
 */
export function FirstRunPage({ onEnrolled }: { onEnrolled: (me: WhoAmI) => void }) {
  return (
    <section className="first-run" aria-labelledby="first-run-heading">
      <h2 id="first-run-heading">Set up this workstation</h2>
      <p className="lede">
        This data folder does not belong to a workspace yet. Create one for your city, or join an existing one
        with the enrolment bundle your administrator gave you.
      </p>
      <div className="first-run-options">
        <CreateWorkspaceForm onEnrolled={onEnrolled} />
        <JoinWorkspaceForm onEnrolled={onEnrolled} />
      </div>
    </section>
  );
}

function CreateWorkspaceForm({ onEnrolled }: { onEnrolled: (me: WhoAmI) => void }) {
  const [workspace, setWorkspace] = useState('');
  const [department, setDepartment] = useState<string>(DEFAULT_DEPARTMENTS[0]!.id);
  const [user, setUser] = useState('');
  const { submit, submitting, error } = useSubmit(async () =>
    onEnrolled(await api.initWorkspace({ workspace, department, user })),
  );

  return (
    <form className="panel setup-form" onSubmit={submit} aria-labelledby="create-workspace-heading">
      <h3 id="create-workspace-heading">Create a workspace</h3>
      <p className="hint">You become its first administrator and can invite the other departments.</p>
      <label>
        Workspace name
        <input
          name="workspace"
          value={workspace}
          maxLength={120}
          placeholder="e.g. City of Riverton"
          onChange={(e) => setWorkspace(e.target.value)}
          autoComplete="organization"
        />
      </label>
      <label>
        Your department
        <select name="department" value={department} onChange={(e) => setDepartment(e.target.value)}>
          {DEFAULT_DEPARTMENTS.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Your name
        <input
          name="user"
          value={user}
          maxLength={120}
          placeholder="as colleagues know you"
          onChange={(e) => setUser(e.target.value)}
          autoComplete="name"
        />
      </label>
      <SubmitRow label="Create workspace" busyLabel="Creating…" submitting={submitting} error={error} />
    </form>
  );
}

/** Resolves with a file's text (FileReader: every browser and jsdom have it). */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('could not read the file'));
    reader.readAsText(file);
  });
}

function JoinWorkspaceForm({ onEnrolled }: { onEnrolled: (me: WhoAmI) => void }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const { submit, submitting, error, clearError } = useSubmit(async () => {
    const file = fileInput.current?.files?.[0];
    if (!file) throw new Error('choose the enrolment bundle file first');
    if (file.size > BUNDLE_MAX_BYTES) {
      throw new Error(`${file.name} is too large to be an enrolment bundle: is it the right file?`);
    }
    // Read only now and never kept in state: the bundle holds the member's private key.
    const bundle = await readText(file);
    onEnrolled(await api.joinWorkspace({ bundle }));
  });

  return (
    <form className="panel setup-form" onSubmit={submit} aria-labelledby="join-workspace-heading">
      <h3 id="join-workspace-heading">Join with an enrolment bundle</h3>
      <p className="hint">
        The file an administrator made for you with <code>muster invite</code>. It works like a password:
        delete it once you have joined.
      </p>
      <label>
        Enrolment bundle
        <input ref={fileInput} type="file" name="bundle" onChange={clearError} />
      </label>
      <SubmitRow label="Join workspace" busyLabel="Joining…" submitting={submitting} error={error} />
    </form>
  );
}

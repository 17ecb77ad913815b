import { useTranslation } from 'react-i18next';
import type { PlaybookValidation } from '../../../../shared/contract';

/**
 * What "Check" found: the playbook it describes, or every issue at its line and column so the
 * author can go straight to it. Issues are announced as an alert.
 */
export function ValidationReport({ validation }: { validation: PlaybookValidation }) {
  const { t } = useTranslation('playbooks');
  if (validation.issues.length === 0) {
    const playbook = validation.playbook;
    return (
      <p role="status" className="playbooks-ok">
        {playbook ? t('import.valid', playbook) : t('import.validNoPlaybook')}
      </p>
    );
  }
  return (
    <div role="alert" className="playbook-issues">
      <p>{t('import.issues', { count: validation.issues.length })}</p>
      <ul aria-label={t('import.issuesLabel')}>
        {validation.issues.map((issue, index) => (
          <li key={index}>
            <code className="issue-where">
              {issue.line > 0
                ? t('import.at', { line: issue.line, column: issue.column })
                : t('import.wholeFile')}
            </code>{' '}
            {issue.path && <code>{issue.path}</code>} {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

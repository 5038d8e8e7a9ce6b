import { Alert, List } from 'antd';
import type { ServerError } from '../../api/trpc.js';

/** A refusal with the rules it broke, each on its own line. */
export function RefusalAlert({ error }: { error: ServerError | null }) {
  if (!error) return null;
  const lines = error.problems.length > 0 ? error.problems.map((p) => p.message) : [error.message];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      message={error.problems.length > 0 ? lines[0] : error.message}
      description={lines.length > 1 ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{lines.slice(1).map((line) => <li key={line}>{line}</li>)}</ul> : undefined}
    />
  );
}

/** A refused import: what happened, then every bad cell by row and column. */
export function ImportRefusalAlert({ error }: { error: ServerError | null }) {
  if (!error) return null;
  return <Alert type="error" showIcon role="alert" message={error.message} description={error.problems.length > 0 && <List size="small" dataSource={error.problems} renderItem={(p) => <List.Item>{p.message}</List.Item>} />} />;
}

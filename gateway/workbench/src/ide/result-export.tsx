import { useGraphiQL } from '@graphiql/react';
import { useEffect, useState } from 'react';
import { download, findLists, preferredList, toCsv, type FoundList } from './results';

function listsOf(text: string): FoundList[] {
  try {
    return findLists((JSON.parse(text) as { data?: unknown }).data);
  } catch {
    return [];
  }
}

/** Below the result: the lists it holds, each downloadable as CSV (for Excel) or JSON. */
export function ResultExport() {
  const responseEditor = useGraphiQL((s) => s.responseEditor);
  const operationName = useGraphiQL((s) => s.operationName);
  const [lists, setLists] = useState<FoundList[]>([]);
  const [chosen, setChosen] = useState<string>('');

  useEffect(() => {
    if (!responseEditor) return;
    const update = () => {
      const found = listsOf(responseEditor.getValue());
      setLists(found);
      setChosen(preferredList(found)?.path ?? '');
    };
    update();
    const subscription = responseEditor.onDidChangeModelContent(update);
    return () => subscription.dispose();
  }, [responseEditor]);

  const list = lists.find((l) => l.path === chosen);
  const base = `${operationName || 'result'}-${(chosen || 'list').replace(/\W+/g, '-')}`;
  if (lists.length === 0)
    return (
      <div className="cso-export cso-muted">
        结果中的列表可下载为 CSV 或 JSON。A list in the result can be downloaded as CSV or JSON.
      </div>
    );
  return (
    <div className="cso-export" data-testid="result-export">
      <label>
        列表 List{' '}
        <select value={chosen} onChange={(e) => setChosen(e.target.value)} data-testid="export-list">
          {lists.map((l) => (
            <option key={l.path} value={l.path}>
              {l.path} ({l.rows.length} 行 rows)
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="cso-button"
        disabled={!list}
        onClick={() => list && download(`${base}.csv`, toCsv(list.rows), 'text/csv;charset=utf-8')}
      >
        下载 CSV
      </button>
      <button
        type="button"
        className="cso-button"
        disabled={!list}
        onClick={() => list && download(`${base}.json`, `${JSON.stringify(list.rows, null, 2)}\n`, 'application/json')}
      >
        下载 JSON
      </button>
    </div>
  );
}

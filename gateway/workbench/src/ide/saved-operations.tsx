import { useGraphiQL, useGraphiQLActions } from '@graphiql/react';
import { useRef, useState } from 'react';
import { roleLabel } from '../shared/labels';
import { useSession } from '../shared/session';
import { BUILT_IN, fillVariables, fromFile, isFor, loadMine, storeMine, toFile, type SavedOperation } from './operations';
import { download } from './results';

function OperationItem({
  operation,
  onOpen,
  onDelete,
}: {
  operation: SavedOperation;
  onOpen?: () => void;
  onDelete?: () => void;
}) {
  return (
    <li className="cso-operation" data-operation={operation.name}>
      <div className="cso-operation-head">
        <strong>{operation.name}</strong>
        <span>
          <button type="button" className="cso-button" disabled={!onOpen} onClick={onOpen}>
            打开 Open
          </button>
          {onDelete && (
            <button type="button" className="cso-button" aria-label={`删除 Delete ${operation.name}`} onClick={onDelete}>
              删除
            </button>
          )}
        </span>
      </div>
      {operation.zh && <div className="cso-zh">{operation.zh}</div>}
      {operation.en && <div className="cso-en">{operation.en}</div>}
      {operation.builtIn && (
        <div className="cso-roles">{operation.roles.map((r) => (r === 'PUBLIC' ? '公开 Public' : roleLabel(r))).join(' · ')}</div>
      )}
    </li>
  );
}

/**
 * Saved operations as a GraphiQL plugin: the built-in ones for the signed-in role first (each opens
 * in a new tab, with its variables filled from the session), then the other roles', then the
 * analyst's own, kept in this browser and exchanged as a file.
 */
export function SavedOperations() {
  const session = useSession();
  const { addTab } = useGraphiQLActions();
  const queryEditor = useGraphiQL((s) => s.queryEditor);
  const variableEditor = useGraphiQL((s) => s.variableEditor);
  const [mine, setMine] = useState<SavedOperation[]>(loadMine);
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const update = (operations: SavedOperation[]) => {
    setMine(operations);
    storeMine(operations);
  };
  // The editors exist once Monaco has loaded; until then there is nothing to open an operation in.
  const open = (operation: SavedOperation) => () => {
    if (!queryEditor) return;
    addTab();
    queryEditor?.setValue(operation.query);
    variableEditor?.setValue(operation.builtIn ? fillVariables(operation.variables, session) : operation.variables);
  };
  const saveCurrent = () => {
    const query = queryEditor?.getValue().trim() ?? '';
    if (!query) return setMessage('当前标签没有查询 The current tab has no operation.');
    const name = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? `Operation${mine.length + 1}`;
    const operation: SavedOperation = {
      id: `mine-${Date.now().toString(36)}`,
      name,
      zh: zh.trim(),
      en: en.trim(),
      roles: [],
      query: `${query}\n`,
      variables: variableEditor?.getValue() ?? '',
      builtIn: false,
    };
    update([...mine.filter((o) => o.name !== name), operation]);
    setZh('');
    setEn('');
    setMessage(`已保存 Saved ${name}`);
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const result = fromFile(await file.text());
    if (typeof result === 'string') return setMessage(result);
    const names = new Set(result.map((o) => o.name));
    update([...mine.filter((o) => !names.has(o.name)), ...result]);
    setMessage(`已导入 ${result.length} 条 Imported ${result.length}`);
  };

  const forYou = BUILT_IN.filter((o) => isFor(o, session));
  const others = BUILT_IN.filter((o) => !isFor(o, session));
  return (
    <div className="cso-saved" data-testid="saved-operations">
      <h2>常用查询 Saved operations</h2>
      <h3>{session ? `适用于 For ${roleLabel(session.role)}` : '公开 Public'}</h3>
      <ul>
        {forYou.map((o) => (
          <OperationItem key={o.id} operation={o} onOpen={queryEditor ? open(o) : undefined} />
        ))}
      </ul>
      <h3>我的查询 My operations</h3>
      <p className="cso-muted">保存在本浏览器中 Kept in this browser; export them to share or keep.</p>
      <ul data-testid="my-operations">
        {mine.map((o) => (
          <OperationItem
            key={o.id}
            operation={o}
            onOpen={queryEditor ? open(o) : undefined}
            onDelete={() => update(mine.filter((m) => m.id !== o.id))}
          />
        ))}
      </ul>
      <div className="cso-save-form">
        <input aria-label="中文说明" placeholder="中文说明（一行）" value={zh} onChange={(e) => setZh(e.target.value)} />
        <input
          aria-label="English description"
          placeholder="English description (one line)"
          value={en}
          onChange={(e) => setEn(e.target.value)}
        />
        <button type="button" className="cso-button" onClick={saveCurrent}>
          保存当前标签 Save current tab
        </button>
      </div>
      <div className="cso-file-actions">
        <button
          type="button"
          className="cso-button"
          disabled={mine.length === 0}
          onClick={() => download('cso-saved-operations.json', `${JSON.stringify(toFile(mine), null, 2)}\n`, 'application/json')}
        >
          导出 Export
        </button>
        <button type="button" className="cso-button" onClick={() => fileInput.current?.click()}>
          导入 Import
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="import-operations"
          onChange={(e) => {
            void importFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </div>
      {message && (
        <p className="cso-notice" role="status">
          {message}
        </p>
      )}
      {others.length > 0 && (
        <details>
          <summary>其他角色的查询 Operations for other roles ({others.length})</summary>
          <ul>
            {others.map((o) => (
              <OperationItem key={o.id} operation={o} onOpen={queryEditor ? open(o) : undefined} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

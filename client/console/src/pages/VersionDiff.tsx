import { useState } from 'react';
import { Card, Select, Space } from 'antd';
import { lineDiff } from '../diff';
import type { Version } from '../review';

/** Two versions side by side as one list: removed lines struck out, then the lines that replace them. */
export function VersionDiff({ versions }: { versions: Version[] }) {
  const last = versions.length;
  const [from, setFrom] = useState(last - 1);
  const [to, setTo] = useState(last);
  const a = versions.find((v) => v.n === from)!;
  const b = versions.find((v) => v.n === to)!;
  const lines = lineDiff(`${a.title}\n\n${a.body}`, `${b.title}\n\n${b.body}`);
  const options = versions.map((v) => ({ value: v.n, label: `第${v.n}版` }));
  return (
    <Card title="版本对比" size="small" style={{ marginBottom: 16 }} extra={
      <Space wrap>
        <Select aria-label="原版本" size="small" value={from} options={options} onChange={setFrom} style={{ width: 90 }} />→
        <Select aria-label="新版本" size="small" value={to} options={options} onChange={setTo} style={{ width: 90 }} />
      </Space>
    }>
      {lines === null ? <p>内容过长，不显示逐行对比。</p> : (
        <pre className="gk-diff" id="diff" aria-label="删除的行划线标红，新增的行标绿">
          {lines.map((l, i) => (l.kind === 'del' ? <del key={i}>{l.text || ' '}</del> : l.kind === 'ins' ? <ins key={i}>{l.text || ' '}</ins> : <span key={i}>{l.text || ' '}</span>))}
        </pre>
      )}
    </Card>
  );
}

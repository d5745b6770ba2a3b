import { CATEGORY_LABELS, ORGANIZATION_STATUS_LABELS, REPORT_STATUS_LABELS } from '../shared/labels';
import { Chart, type ChartOption } from './chart';
import type { KeyCount, ScopeFigures } from './figures';

/** A row of a figure's table: `data-key`/`data-value` let a test read the numbers as they are shown. */
interface Row {
  key: string;
  label: string;
  values: number[];
}

function FigureTable({ id, columns, rows }: { id: string; columns: string[]; rows: Row[] }) {
  return (
    <table className="cso-figures" data-figure={id}>
      <thead>
        <tr>
          <th scope="col">项目 Item</th>
          {columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-key={r.key}>
            <th scope="row">{r.label}</th>
            {r.values.map((v, i) => (
              <td key={i} data-value={v}>
                {v.toLocaleString('zh-CN')}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A chart and its numbers side by side, under one title (Chinese first). */
function Card({
  id,
  title,
  en,
  option,
  columns,
  rows,
  note,
}: {
  id: string;
  title: string;
  en: string;
  option: ChartOption;
  columns: string[];
  rows: Row[];
  note?: string;
}) {
  return (
    <section className="cso-card" data-card={id}>
      <h2>
        {title} <small>{en}</small>
      </h2>
      <div className="cso-card-body">
        <Chart option={option} label={`${title} ${en}`} />
        <FigureTable id={id} columns={columns} rows={rows} />
      </div>
      {note && <p className="cso-muted">{note}</p>}
    </section>
  );
}

const keyRows = (items: KeyCount[], labels: Record<string, string>): Row[] =>
  items.map((i) => ({ key: i.key, label: labels[i.key] ? `${labels[i.key]} ${i.key}` : i.key, values: [i.count] }));

const bar = (labels: string[], series: { name: string; data: number[]; stack?: string }[], horizontal = false): ChartOption => ({
  tooltip: { trigger: 'axis' },
  legend: series.length > 1 ? { top: 0, itemWidth: 14, itemGap: 8 } : undefined,
  grid: { left: 8, right: 24, top: series.length > 1 ? 56 : 12, bottom: 8, containLabel: true },
  [horizontal ? 'yAxis' : 'xAxis']: { type: 'category', data: labels, axisLabel: { interval: 0, hideOverlap: true } },
  [horizontal ? 'xAxis' : 'yAxis']: { type: 'value', minInterval: 1 },
  series: series.map((s) => ({
    type: 'bar',
    name: s.name,
    data: s.data,
    stack: s.stack,
    label: { show: !s.stack, position: horizontal ? 'right' : 'top' },
  })),
});

const short = (labels: Record<string, string>) => (key: string) => labels[key] ?? key;

/** The dashboard's charts, each with its table: every number the chart draws, and only those. */
export function FigureCards({ figures }: { figures: ScopeFigures }) {
  const o = figures.organizationStatistics;
  const r = figures.majorActivityReportStatistics;
  const category = keyRows(o.filedByCategory, CATEGORY_LABELS);
  const status = keyRows(o.byStatus, ORGANIZATION_STATUS_LABELS);
  const reports = keyRows(r.byStatus, REPORT_STATUS_LABELS);
  return (
    <div className="cso-cards">
      <Card
        id="filedByCategory"
        title="已备案组织按类别"
        en="Filed organizations by category"
        columns={['数量 Count']}
        rows={category}
        option={{
          tooltip: { trigger: 'item' },
          series: [
            {
              type: 'pie',
              radius: ['24%', '44%'],
              center: ['50%', '52%'],
              label: { formatter: '{b}\n{c}', width: 84, overflow: 'break' },
              data: o.filedByCategory.map((c) => ({ name: short(CATEGORY_LABELS)(c.key), value: c.count })),
            },
          ],
        }}
      />
      <Card
        id="byStatus"
        title="组织按备案状态"
        en="Organizations by status"
        columns={['数量 Count']}
        rows={[...status, { key: 'total', label: '合计 Total', values: [o.total] }]}
        option={bar(
          o.byStatus.map((s) => short(ORGANIZATION_STATUS_LABELS)(s.key)),
          [{ name: '组织', data: o.byStatus.map((s) => s.count) }],
          true,
        )}
      />
      <Card
        id="members"
        title="成员与党员"
        en="Members and party members (filed organizations)"
        columns={['人数 People']}
        rows={[
          { key: 'members', label: '成员 Members', values: [o.members] },
          { key: 'partyMembers', label: '党员 Party members', values: [o.partyMembers] },
        ]}
        option={bar(['成员 Members', '党员 Party members'], [{ name: '人数', data: [o.members, o.partyMembers] }])}
      />
      <Card
        id="gaps"
        title="党建与达标"
        en="Party stations and the community target"
        columns={['数量 Count']}
        rows={[
          {
            key: 'lackingPartyStation',
            label: '应建未建党员活动站的组织 Organizations lacking a party station',
            values: [o.lackingPartyStation],
          },
          {
            key: 'communitiesBelowTarget',
            label: '已备案组织不足目标的社区 Communities below the target',
            values: [o.communitiesBelowTarget],
          },
        ]}
        option={bar(
          ['应建未建党员活动站', '未达标社区'],
          [{ name: '数量', data: [o.lackingPartyStation, o.communitiesBelowTarget] }],
          true,
        )}
      />
      <Card
        id="monthlyCompliance"
        title="月报合规（按月）"
        en="Monthly-report compliance by month"
        columns={['应报 Expected', '按时 On time', '逾期 Late', '未报 Missing']}
        rows={figures.months.map((m) => ({ key: m.month, label: m.month, values: [m.expected, m.onTime, m.late, m.missing] }))}
        option={{
          ...bar(
            figures.months.map((m) => m.month),
            [
              { name: '按时 On time', data: figures.months.map((m) => m.onTime), stack: 'reports' },
              { name: '逾期 Late', data: figures.months.map((m) => m.late), stack: 'reports' },
              { name: '未报 Missing', data: figures.months.map((m) => m.missing), stack: 'reports' },
            ],
          ),
          color: ['#4c9f70', '#f2c14e', '#b8262b'],
        }}
      />
      <Card
        id="inspections"
        title="年检结果（按年）"
        en="Annual inspection results by year"
        columns={['合格 Pass', '基本合格 Basic pass', '不合格 Fail', '未检 Not inspected']}
        rows={figures.years.map((y) => ({
          key: String(y.year),
          label: `${y.year} 年`,
          values: [y.pass, y.basicPass, y.fail, y.notInspected],
        }))}
        option={{
          ...bar(
            figures.years.map((y) => String(y.year)),
            [
              { name: '合格 Pass', data: figures.years.map((y) => y.pass), stack: 'result' },
              { name: '基本合格 Basic pass', data: figures.years.map((y) => y.basicPass), stack: 'result' },
              { name: '不合格 Fail', data: figures.years.map((y) => y.fail), stack: 'result' },
              { name: '未检 Not inspected', data: figures.years.map((y) => y.notInspected), stack: 'result' },
            ],
          ),
          color: ['#4c9f70', '#f2c14e', '#b8262b', '#c4c9d0'],
        }}
      />
      <Card
        id="reports"
        title="重大活动汇报按状态"
        en="Major-activity reports by status, and overdue"
        columns={['数量 Count']}
        rows={[...reports, { key: 'overdue', label: '超期 Overdue', values: [r.overdue] }]}
        option={bar(
          [...r.byStatus.map((s) => short(REPORT_STATUS_LABELS)(s.key)), '超期'],
          [{ name: '汇报', data: [...r.byStatus.map((s) => s.count), r.overdue] }],
          true,
        )}
      />
    </div>
  );
}

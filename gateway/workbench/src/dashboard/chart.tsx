import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the pieces the dashboard draws, so the bundle carries no more of ECharts than it needs.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DatasetComponent,
  AriaComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export const PALETTE = ['#b8262b', '#e07b39', '#f2c14e', '#4c9f70', '#3b6ea8', '#7a5ea8', '#8c939d'];

/** One ECharts chart (SVG, so that it prints and scales cleanly), redrawn when its option changes. */
export function Chart({ option, label }: { option: ChartOption; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!element.current) return;
    chart.current = echarts.init(element.current, null, { renderer: 'svg', locale: 'ZH' });
    const resize = new ResizeObserver(() => chart.current?.resize());
    resize.observe(element.current);
    return () => {
      resize.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ color: PALETTE, aria: { enabled: true }, animation: false, ...option }, true);
  }, [option]);
  return <div ref={element} className="cso-chart" role="img" aria-label={label} data-chart={label} />;
}

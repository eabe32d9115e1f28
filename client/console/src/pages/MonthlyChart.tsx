import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface Month { month: number; closed: number; onTimeRate: number | null; avgWorkdays: number | null }

/** Answered applications by month: how many (bars), the on-time rate and the average working days (lines). */
export default function MonthlyChart({ months }: { months: Month[] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { locale: 'ZH' });
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: ['办结件数', '按期答复率（%）', '平均办理工作日'] },
      grid: { left: 48, right: 48, top: 64, bottom: 30 },
      xAxis: { type: 'category', data: months.map((m) => `${m.month}月`) },
      yAxis: [{ type: 'value', name: '件数、工作日', minInterval: 1 }, { type: 'value', name: '%', max: 100 }],
      series: [
        { name: '办结件数', type: 'bar', data: months.map((m) => m.closed) },
        { name: '按期答复率（%）', type: 'line', yAxisIndex: 1, connectNulls: true, data: months.map((m) => (m.onTimeRate === null ? null : Math.round(m.onTimeRate * 100))) },
        { name: '平均办理工作日', type: 'line', connectNulls: true, data: months.map((m) => (m.avgWorkdays === null ? null : Math.round(m.avgWorkdays * 10) / 10)) },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [months]);
  return <div ref={el} id="monthly-chart" role="img" aria-label="按月办结件数、按期答复率和平均办理工作日" style={{ width: '100%', height: 300 }} />;
}

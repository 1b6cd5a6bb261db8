// ECharts, only the parts used (bar and line charts on a canvas), so the bundle stays small.
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent,
  TooltipComponent, CanvasRenderer]);

export type Chart = echarts.ECharts;

export function chart(el: HTMLElement, option: echarts.EChartsCoreOption): Chart {
  const instance = echarts.init(el, undefined, { renderer: "canvas" });
  instance.setOption(option);
  return instance;
}

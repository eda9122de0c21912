import { BarChart, PolarisVizProvider } from "@shopify/polaris-viz";
import "@shopify/polaris-viz/build/esm/styles.css";

export interface ChartSeries {
  name: string;
  color: string;
  data: { key: string; value: number }[];
}

/**
 * Choices per day as stacked bars (polaris-viz). Its own chunk: InsightsPage loads it once its figures and
 * table are on screen, so the chart's code never delays them. `hiddenLegendLabel`: the legend's "+2 more", in the admin's language.
 */
export default function ConsentChart({ data, hiddenLegendLabel }: { data: ChartSeries[]; hiddenLegendLabel: (count: number) => string }) {
  return (
    <PolarisVizProvider>
      <BarChart data={data} type="stacked" theme="Light" showLegend renderHiddenLegendLabel={hiddenLegendLabel} isAnimated={false} />
    </PolarisVizProvider>
  );
}

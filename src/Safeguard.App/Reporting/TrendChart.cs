using ScottPlot;

namespace Safeguard.App.Reporting;

/// <summary>A monthly trend of a share within target, with the target as a dashed line, as SVG (the Performance page, recommendations, the pack).</summary>
public static class TrendChart
{
    /// <summary>The attendance section's months against its target.</summary>
    public static string Svg(IReadOnlyList<MonthDto> months, double targetPercent, double targetMinutes) =>
        Svg([.. months.Select(m => (m.Month, m.PercentWithinTarget))], $"% attended within {targetMinutes:0} minutes", targetPercent);

    /// <summary>Months in order, each with its percentage (null: nothing measured that month).</summary>
    public static string Svg(IReadOnlyList<(string Month, double? Percent)> months, string series, double? targetPercent, int width = 860, int height = 340)
    {
        var plot = new Plot();
        var positions = Enumerable.Range(0, months.Count).Select(i => (double)i).ToArray();
        var labels = months.Select(m => m.Month).ToArray();
        var measured = months.Select((m, i) => (X: (double)i, Y: m.Percent)).Where(p => p.Y is not null).ToArray();
        if (measured.Length > 0)
        {
            var line = plot.Add.Scatter(measured.Select(p => p.X).ToArray(), measured.Select(p => p.Y!.Value).ToArray());
            line.LegendText = series;
            line.LineWidth = 3;
            line.MarkerSize = 8;
            line.Color = new Color(0x1d, 0x70, 0xb8);
        }
        if (targetPercent is { } t)
        {
            var target = plot.Add.HorizontalLine(t);
            target.LegendText = $"Target {t:0.#}%";
            target.LinePattern = LinePattern.Dashed;
            target.LineWidth = 2;
            target.Color = new Color(0xd4, 0x35, 0x1c);
        }
        plot.Axes.SetLimits(-0.5, Math.Max(0.5, months.Count - 0.5), 0, 100);
        plot.Axes.Bottom.SetTicks(positions, labels);
        plot.Axes.Bottom.TickLabelStyle.Rotation = months.Count > 8 ? -45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = months.Count > 8 ? Alignment.MiddleRight : Alignment.UpperCenter;
        plot.Axes.Bottom.MinimumSize = months.Count > 8 ? 70 : 40;
        plot.YLabel("% within target");
        plot.ShowLegend(Alignment.LowerLeft);
        var svg = plot.GetSvgXml(width, height);
        // A viewBox lets the chart scale down to the screen (a phone's 390 pixels) instead of being cut off.
        var start = svg.IndexOf("<svg ", StringComparison.Ordinal);
        return start < 0 ? svg : svg.Insert(start + "<svg ".Length, $"viewBox=\"0 0 {width} {height}\" ");
    }
}

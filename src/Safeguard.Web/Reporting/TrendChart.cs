using Safeguard.App.Reporting;
using ScottPlot;

namespace Safeguard.Web.Reporting;

/// <summary>The monthly trend of the share attended within target, with the force's target as a dashed line, as SVG.</summary>
public static class TrendChart
{
    public static string Svg(IReadOnlyList<MonthDto> months, double targetPercent, double targetMinutes)
    {
        var plot = new Plot();
        var positions = Enumerable.Range(0, months.Count).Select(i => (double)i).ToArray();
        var labels = months.Select(m => m.Month).ToArray();
        var measured = months.Select((m, i) => (X: (double)i, Y: m.PercentWithinTarget)).Where(p => p.Y is not null).ToArray();
        if (measured.Length > 0)
        {
            var series = plot.Add.Scatter(measured.Select(p => p.X).ToArray(), measured.Select(p => p.Y!.Value).ToArray());
            series.LegendText = $"% attended within {targetMinutes:0} minutes";
            series.LineWidth = 3;
            series.MarkerSize = 8;
            series.Color = new Color(0x1d, 0x70, 0xb8);
        }
        var target = plot.Add.HorizontalLine(targetPercent);
        target.LegendText = $"Target {targetPercent:0.#}%";
        target.LinePattern = LinePattern.Dashed;
        target.LineWidth = 2;
        target.Color = new Color(0xd4, 0x35, 0x1c);
        plot.Axes.SetLimits(-0.5, Math.Max(0.5, months.Count - 0.5), 0, 100);
        plot.Axes.Bottom.SetTicks(positions, labels);
        plot.Axes.Bottom.TickLabelStyle.Rotation = months.Count > 8 ? -45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = months.Count > 8 ? Alignment.MiddleRight : Alignment.UpperCenter;
        plot.Axes.Bottom.MinimumSize = months.Count > 8 ? 70 : 40;
        plot.YLabel("% within target");
        plot.ShowLegend(Alignment.LowerLeft);
        return plot.GetSvgXml(860, 340);
    }
}

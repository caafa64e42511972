using Safeguard.App.Reporting;
using ScottPlot;

namespace Safeguard.Web.Reporting;

/// <summary>A queue's clocks arriving and completed each day, as SVG: arrivals above completions means a growing backlog.</summary>
public static class CapacityChart
{
    public static string Svg(IReadOnlyList<QueueDay> days)
    {
        var plot = new Plot();
        var x = Enumerable.Range(0, days.Count).Select(i => (double)i).ToArray();
        var arrivals = plot.Add.Scatter(x, days.Select(d => (double)d.Arrivals).ToArray());
        arrivals.LegendText = "Arrivals";
        arrivals.LineWidth = 2;
        arrivals.MarkerSize = 0;
        arrivals.Color = new Color(0xd4, 0x35, 0x1c);
        var completions = plot.Add.Scatter(x, days.Select(d => (double)d.Completions).ToArray());
        completions.LegendText = "Completions";
        completions.LineWidth = 2;
        completions.MarkerSize = 0;
        completions.LinePattern = LinePattern.Dashed;
        completions.Color = new Color(0x1d, 0x70, 0xb8);
        var ticks = Enumerable.Range(0, days.Count).Where(i => i % 14 == 0 || i == days.Count - 1).ToArray();
        plot.Axes.Bottom.SetTicks([.. ticks.Select(i => (double)i)], [.. ticks.Select(i => days[i].Day.ToString("d MMM", System.Globalization.CultureInfo.GetCultureInfo("en-GB")))]);
        var top = Math.Max(1, days.Max(d => Math.Max(d.Arrivals, d.Completions)));
        plot.Axes.SetLimits(-0.5, Math.Max(0.5, days.Count - 0.5), 0, top * 1.1);
        plot.YLabel("Clocks per day");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetSvgXml(860, 260);
    }
}

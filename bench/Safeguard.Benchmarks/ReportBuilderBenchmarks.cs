using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Reporting;
using Safeguard.Domain.Time;

namespace Safeguard.Benchmarks;

/// <summary>
/// The domain's report builder over a year of rows, against a baseline that only counts within-target rows in the
/// same loop: the ratio is what grouping by district and month, medians and the population rule cost.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class ReportBuilderBenchmarks
{
    private AttendanceRow[] _rows = [];
    private readonly ReportPeriod _period = new(new LocalDate(2023, 1, 1), new LocalDate(2024, 1, 1), WallClock.London);
    private readonly Instant _now = Instant.FromUtc(2024, 6, 1, 0, 0);

    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        string[] districts = ["Basingstoke", "Portsmouth", "Southampton", "Winchester", "New Forest", "Isle of Wight"];
        var start = Instant.FromUtc(2023, 1, 1, 0, 0);
        _rows = new AttendanceRow[Rows];
        for (var i = 0; i < Rows; i++)
        {
            var created = start + Duration.FromSeconds(random.Next(0, 365 * 86_400));
            Instant? arrived = random.NextDouble() < 0.95 ? created + Duration.FromSeconds(random.Next(60, 3 * 3600)) : null;
            _rows[i] = new AttendanceRow("R" + i, created, Grade.Priority, Grade.Priority, true, districts[i % districts.Length], arrived);
        }
    }

    [Benchmark(Baseline = true)]
    public int CountWithinTarget()
    {
        var target = Duration.FromMinutes(60);
        var within = 0;
        foreach (var row in _rows)
            if (row.ArrivedAt is { } a && a - row.CreatedAt <= target) within++;
        return within;
    }

    [Benchmark]
    public AttendanceReport BuildReport()
    {
        var builder = new AttendanceReportBuilder(_period, AttendancePolicy.Default, _now);
        foreach (var row in _rows) builder.Add(row);
        return builder.Build();
    }
}

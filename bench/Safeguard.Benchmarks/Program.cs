using System.Globalization;
using BenchmarkDotNet.Running;
using Safeguard.Benchmarks;

// Micro benchmarks: dotnet run -c Release --project bench/Safeguard.Benchmarks -- --filter '*'
// Boards on another instance (PostgreSQL, SAFEGUARD_BENCH_POSTGRES): dotnet run -c Release --project bench/Safeguard.Benchmarks -- board 1000000 30
// Clock-engine scale: dotnet run -c Release --project bench/Safeguard.Benchmarks -- clocks 1000000 [breaches]
// Capacity and the inspection pack at force scale (PostgreSQL, SAFEGUARD_BENCH_POSTGRES): dotnet run -c Release --project bench/Safeguard.Benchmarks -- inspection 1000000
// Import at scale against sqlite3 .import (and psql \copy with SAFEGUARD_BENCH_POSTGRES): dotnet run -c Release --project bench/Safeguard.Benchmarks -- import 1000000
// The incident API under load against a bare endpoint (PostgreSQL, SAFEGUARD_BENCH_POSTGRES): dotnet run -c Release --project bench/Safeguard.Benchmarks -- api 1000000 10 64
// Escalation burst (PostgreSQL, SAFEGUARD_BENCH_POSTGRES): dotnet run -c Release --project bench/Safeguard.Benchmarks -- burst 100000 1 3
if (args is ["burst", var burst, ..])
    return await EscalationBurst.RunAsync(int.Parse(burst, CultureInfo.InvariantCulture), [.. args.Skip(2).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).DefaultIfEmpty(1)]);
if (args is ["api", var apiStored, ..])
    return await ApiThroughput.RunAsync(int.Parse(apiStored, CultureInfo.InvariantCulture), args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 64);
if (args is ["load", ..])
    return await ApiThroughput.LoadProcessAsync(args);
if (args is ["import", var rows, ..])
    return await ImportScale.RunAsync(int.Parse(rows, CultureInfo.InvariantCulture));
if (args is ["board", var stored, ..])
    return await BoardLatency.RunAsync(int.Parse(stored, CultureInfo.InvariantCulture), args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30);
if (args is ["inspection", var scale, ..])
    return await InspectionScale.RunAsync(int.Parse(scale, CultureInfo.InvariantCulture));
if (args is ["clocks", var count, ..])
    return await ClockSweepScale.RunAsync(int.Parse(count, CultureInfo.InvariantCulture), args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5);
BenchmarkSwitcher.FromAssembly(typeof(ReportBuilderBenchmarks).Assembly).Run(args);
return 0;

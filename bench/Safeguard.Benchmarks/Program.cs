using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Safeguard.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Safeguard.Benchmarks.ReportBuilderBenchmarks).Assembly).Run(args);

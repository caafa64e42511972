using System.Diagnostics;
using System.Globalization;
using NodaTime;
using Npgsql;
using Safeguard.App.Generation;

namespace Safeguard.Benchmarks;

/// <summary>
/// An incident file of N rows (<see cref="ImportFileGenerator"/>, seed 1, the year to 1 January 2026) imported by
/// <c>safeguard import incidents</c> as a user runs it — its own process, its start-up included — into a new database,
/// then the same file again (every row unchanged), measured against the database's own bulk load of the same file in
/// the same run: <c>sqlite3 .import --csv</c> into a new table, and on PostgreSQL (when
/// <c>SAFEGUARD_BENCH_POSTGRES</c> is set) <c>psql \copy … CSV HEADER</c>. Wall time and peak resident memory of each
/// process come from GNU time; the run checks Safeguard holds N incidents afterwards.
/// </summary>
public static class ImportScale
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(int incidents)
    {
        var work = Path.Combine(Path.GetTempPath(), $"safeguard-import-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var generating = Stopwatch.StartNew();
            await ImportFileGenerator.WriteAsync(
                new GenerateRequest(incidents, 0, 0, 1, new LocalDate(2026, 1, 1), 365, DateTimeZoneProviders.Tzdb["Europe/London"], []), work);
            var file = Path.Combine(work, "incidents.csv");
            Console.Error.WriteLine(string.Create(Inv, $"generated {incidents:N0} incidents in {generating.Elapsed.TotalSeconds:0.0} s ({new FileInfo(file).Length / 1e6:0.0} MB)"));
            var rows = new List<string>();

            // SQLite: the database's own load first, then Safeguard's import into a new database, then again.
            var baseline = Measure("sqlite3", [Path.Combine(work, "baseline.db"), ".import --csv " + file + " incidents"]);
            var database = Path.Combine(work, "safeguard.db");
            var sqlite = new Dictionary<string, string> { ["Database__Provider"] = "Sqlite", ["ConnectionStrings__Safeguard"] = $"Data Source={database}" };
            Cli(sqlite, "migrate");
            var first = Cli(sqlite, "import", "incidents", file);
            var again = Cli(sqlite, "import", "incidents", file);
            var stored = Scalar("sqlite3", [database, "SELECT count(*) FROM incidents"]);
            if (stored != incidents) throw new InvalidOperationException($"SQLite holds {stored} incidents, not {incidents}");
            rows.Add(Row($"import {incidents:N0} incidents, SQLite, new database", first, "`sqlite3 .import --csv`", baseline));
            rows.Add(Row($"the same file again (all unchanged), SQLite", again, "`sqlite3 .import --csv`", baseline));

            // The same incidents as a command-and-control system exports them, read through a mapping profile.
            var (export, profile, left) = await WriteExportAsync(file, work);
            var mappedDatabase = Path.Combine(work, "mapped.db");
            var mapped = new Dictionary<string, string> { ["Database__Provider"] = "Sqlite", ["ConnectionStrings__Safeguard"] = $"Data Source={mappedDatabase}" };
            Cli(mapped, "migrate");
            var throughProfile = Cli(mapped, "import", "incidents", export, "--profile", profile);
            var mappedStored = Scalar("sqlite3", [mappedDatabase, "SELECT count(*) FROM incidents"]);
            if (mappedStored != incidents) throw new InvalidOperationException($"SQLite holds {mappedStored} incidents through the profile, not {incidents}");
            rows.Add(Row($"the same incidents as an export read through a profile (and {left:N0} rows it leaves out), SQLite, new database",
                throughProfile, "Safeguard's import of its own format", first));

            if (Environment.GetEnvironmentVariable(EscalationBurst.ServerVariable) is { } server)
            {
                var name = "sg_import_" + Guid.NewGuid().ToString("N");
                var baseName = name + "_copy";
                await EscalationBurst.ExecuteAsync(server, $"CREATE DATABASE {name}");
                await EscalationBurst.ExecuteAsync(server, $"CREATE DATABASE {baseName}");
                try
                {
                    var builder = new NpgsqlConnectionStringBuilder(server) { Database = baseName };
                    var header = File.ReadLines(file).First().Split(',');
                    await EscalationBurst.ExecuteAsync(builder.ToString(), $"CREATE TABLE incidents ({string.Join(", ", header.Select(h => $"\"{h}\" text"))})");
                    var url = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{baseName}";
                    var copy = Measure("psql", [url, "-c", $"\\copy incidents FROM '{file}' CSV HEADER"]);
                    var postgres = new Dictionary<string, string>
                    {
                        ["Database__Provider"] = "Postgres",
                        ["ConnectionStrings__Safeguard"] = new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 0 }.ToString(),
                    };
                    Cli(postgres, "migrate");
                    var pgFirst = Cli(postgres, "import", "incidents", file);
                    var pgAgain = Cli(postgres, "import", "incidents", file);
                    rows.Add(Row($"import {incidents:N0} incidents, PostgreSQL, new database", pgFirst, "`\\copy … CSV`", copy));
                    rows.Add(Row($"the same file again (all unchanged), PostgreSQL", pgAgain, "`\\copy … CSV`", copy));
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                    await EscalationBurst.ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    await EscalationBurst.ExecuteAsync(server, $"DROP DATABASE IF EXISTS {baseName} WITH (FORCE)");
                }
            }

            Console.WriteLine("| workload | Safeguard (wall, peak memory) | baseline in the same run | ratio |");
            Console.WriteLine("| --- | --- | --- | --- |");
            foreach (var row in rows) Console.WriteLine(row);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The generated incidents as an export of a command-and-control system: its own column names, wall times without an
    /// offset as dd/MM/yyyy HH:mm:ss, NULL for empty, grade codes, children involved only in the call type's words, and
    /// one officer-initiated row in twenty that the profile leaves out; and the profile that reads it.
    /// </summary>
    private static async Task<(string Export, string Profile, int LeftOut)> WriteExportAsync(string file, string work)
    {
        var export = Path.Combine(work, "export.csv");
        var zone = DateTimeZoneProviders.Tzdb["Europe/London"];
        string Wall(string iso) => iso.Length == 0 ? "NULL"
            : NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(iso).Value.ToInstant().InZone(zone).ToString("dd/MM/yyyy HH:mm:ss", Inv);
        string Code(string grade) => grade switch { "" => "NULL", "immediate" => "1", "priority" => "2", "scheduled" => "3", _ => "4" };
        var left = 0;
        using (var reader = new StreamReader(file))
        using (var input = new CsvHelper.CsvReader(reader, Inv))
        await using (var writer = new StreamWriter(export))
        await using (var output = new CsvHelper.CsvWriter(writer, Inv))
        {
            foreach (var h in new[] { "Master_Incident_Number", "Response_Date", "Priority_Number", "Final_Priority", "Problem", "Sector", "First_Assigned", "First_Arrived", "Closed", "Persons", "Call_Reception" })
                output.WriteField(h);
            await output.NextRecordAsync();
            await input.ReadAsync();
            input.ReadHeader();
            var n = 0;
            while (await input.ReadAsync())
            {
                string F(string name) => input.GetField(name) ?? "";
                var problem = F("category").ToUpperInvariant() + (F("children_involved") == "true" ? " - JUVENILE PRESENT" : "");
                string[] row = [F("reference"), Wall(F("created_at")), Code(F("grade")), Code(F("final_grade")), problem, F("district"),
                    Wall(F("dispatched_at")), Wall(F("arrived_at")), Wall(F("closed_at")), F("child_references"), "999"];
                foreach (var field in row) output.WriteField(field);
                await output.NextRecordAsync();
                if (++n % 20 != 0) continue;
                row[0] += "-SELF";
                row[^1] = "OFFICER";
                foreach (var field in row) output.WriteField(field);
                await output.NextRecordAsync();
                left++;
            }
        }
        var profile = Path.Combine(work, "profile.json");
        await File.WriteAllTextAsync(profile, """
            {
              "timeZone": "Europe/London",
              "timeFormats": ["dd/MM/yyyy HH:mm:ss"],
              "nullValues": ["NULL"],
              "columns": { "reference": "Master_Incident_Number", "created_at": "Response_Date", "grade": "Priority_Number", "final_grade": "Final_Priority",
                           "category": "Problem", "district": "Sector", "dispatched_at": "First_Assigned", "arrived_at": "First_Arrived", "closed_at": "Closed",
                           "child_references": "Persons" },
              "grades": { "1": "immediate", "2": "priority", "3": "scheduled", "*": "resolution" },
              "childrenInvolved": { "column": "Problem", "matches": ["*JUVENILE*", "RUNAWAY*"] },
              "exclude": [ { "column": "Call_Reception", "equals": "OFFICER" } ]
            }
            """);
        return (export, profile, left);
    }

    private sealed record Measured(double Seconds, long PeakKilobytes, string Out);

    private static string Row(string workload, Measured safeguard, string tool, Measured baseline) => string.Create(Inv,
        $"| {workload} | {safeguard.Seconds:0.0} s, {safeguard.PeakKilobytes / 1024} MB | {tool}: {baseline.Seconds:0.00} s, {baseline.PeakKilobytes / 1024} MB | {safeguard.Seconds / baseline.Seconds:0.0}× |");

    /// <summary><c>safeguard ARGS</c> in its own process, with the database's settings in its environment.</summary>
    private static Measured Cli(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "safeguard.dll");
        var measured = Measure("dotnet", [cli, .. args], settings);
        Console.Error.WriteLine(string.Create(Inv, $"safeguard {string.Join(' ', args.Take(2))}: {measured.Seconds:0.0} s, {measured.PeakKilobytes / 1024} MB: {measured.Out.Trim()}"));
        return measured;
    }

    /// <summary>Runs a program under GNU time: its wall time and its peak resident set.</summary>
    private static Measured Measure(string program, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var timing = Path.GetTempFileName();
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-o", timing, "-f", "%e %M", program }.Concat(args)) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {error.Result}");
        var parts = File.ReadAllText(timing).Trim().Split('\n')[^1].Split(' ');
        File.Delete(timing);
        return new Measured(double.Parse(parts[0], Inv), long.Parse(parts[1], Inv), output.Result + error.Result);
    }

    private static long Scalar(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return long.Parse(text.Trim(), Inv);
    }
}

using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Extensions;
using Safeguard.App;
using Safeguard.App.Access;
using Safeguard.App.Audit;
using Safeguard.App.Data;
using Safeguard.App.Imports;
using Safeguard.App.Incidents;
using Safeguard.App.Reporting;
using Safeguard.App.Subjects;
using Safeguard.Domain.Audit;

namespace Safeguard.Cli;

/// <summary>Where the command line writes, and whether standard error is a terminal (for live progress).</summary>
public sealed record Console2(TextWriter Out, TextWriter Error, bool ErrorIsTerminal, TextReader In);

/// <summary>
/// The <c>safeguard</c> command line: System.CommandLine over the application services; no logic of its own.
/// Exit codes: 0 done, 2 the input was refused and nothing changed, 1 anything else.
/// </summary>
public static partial class SafeguardCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Refused = 2;

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TimeProvider time, Console2 console)
    {
        var root = new RootCommand("Safeguard: clocks on every obligation a police force owes a child at risk.");
        root.Subcommands.Add(ImportCommand(configuration, time, console));
        root.Subcommands.Add(ReportCommand(configuration, time, console));
        root.Subcommands.Add(CapacityCommand(configuration, time, console));
        root.Subcommands.Add(AuditsCommand(configuration, time, console));
        root.Subcommands.Add(RecommendationsCommand(configuration, time, console));
        root.Subcommands.Add(PackCommand(configuration, time, console));
        root.Subcommands.Add(UsersCommand(configuration, time, console));
        root.Subcommands.Add(ApiKeysCommand(configuration, time, console));
        root.Subcommands.Add(AgenciesCommand(configuration, time, console));
        root.Subcommands.Add(ChildrenCommand(configuration, time, console));
        root.Subcommands.Add(RetentionCommand(configuration, time, console));
        root.Subcommands.Add(MigrateCommand(configuration, time, console));
        root.Subcommands.Add(GenerateCommand(configuration, time, console));
        root.Subcommands.Add(AuditCommand(configuration, time, console));
        root.Subcommands.Add(NotificationsCommand(configuration, time, console));
        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error });
    }

    private static Command ImportCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        Command Import<TImport>(string name, string description, string fileWhat,
            Func<TImport, string, string, ImportOptions, IProgress<ImportProgress>, CancellationToken, Task<ImportResult>> run) where TImport : notnull
        {
            var file = new Argument<FileInfo>("FILE") { Description = $"CSV file of {fileWhat} (RFC 4180, UTF-8, header row)" };
            var skip = new Option<bool>("--skip-invalid") { Description = "Import the valid rows and report the rest (default: one invalid row rejects the file)" };
            var profile = new Option<FileInfo?>("--profile") { Description = "A mapping profile (JSON) for a source's own export: its columns, time zone and formats, values, rows to leave out" };
            var dryRun = new Option<bool>("--dry-run") { Description = "Read and check everything and say what the import would do; change nothing" };
            var rejects = new Option<FileInfo?>("--rejects") { Description = "Write the invalid rows, with their line numbers and reasons, to this CSV file" };
            var command = new Command(name, description) { file, skip, profile, dryRun, rejects };
            command.SetAction((parse, ct) => WithServices(configuration, time, console, sp =>
            {
                var options = new ImportOptions(parse.GetValue(skip), parse.GetValue(dryRun), parse.GetValue(profile)?.FullName, parse.GetValue(rejects)?.FullName);
                return ImportAsync(console, parse.GetValue(file)!.FullName, options, (path, author, progress) =>
                    run(sp.GetRequiredService<TImport>(), path, author, options, progress, ct));
            }, exclusive: true));
            return command;
        }

        return new Command("import", "Import records from files")
        {
            Import<ImportIncidents>("incidents", "Import or update incidents from a command-and-control CSV file", "incidents",
                (import, path, author, options, progress, ct) => import.RunAsync(path, author, options, progress, ct)),
            Import<Safeguard.App.Missing.ImportMissing>("missing", "Import or update missing-child episodes from a CSV file", "missing episodes",
                (import, path, author, options, progress, ct) => import.RunAsync(path, author, options, progress, ct)),
            Import<Safeguard.App.Notices.ImportNotices>("notices", "Import or update public protection notices from a CSV file", "public protection notices",
                (import, path, author, options, progress, ct) => import.RunAsync(path, author, options, progress, ct)),
        };
    }

    /// <summary>
    /// Runs one import and prints its result: every invalid row by line, then the counts (a dry run: everything it would
    /// do, by rule, reason and value). Exit 2 when the file is, or would be, refused.
    /// </summary>
    private static async Task<int> ImportAsync(Console2 console, string path, ImportOptions options,
        Func<string, string, IProgress<ImportProgress>, Task<ImportResult>> run)
    {
        if (!File.Exists(path))
        {
            await console.Error.WriteLineAsync("The file does not exist.");
            return Refused;
        }
        var author = "import:" + Environment.UserName;
        var progress = new ProgressPrinter(console);
        var result = await run(path, author, progress);
        progress.Done();
        foreach (var error in result.Errors)
            await console.Out.WriteLineAsync(error.Line > 0 ? $"line {error.Line}: {error.Reason}" : error.Reason);
        if (result.RejectsWritten && options.RejectsPath is { } rejects)
        {
            var rows = result.Errors.Where(e => e.Line > 1).Select(e => e.Line).Distinct().Count();
            await console.Out.WriteLineAsync($"wrote {rows} invalid row(s){(result.Errors.Any(e => e.Line <= 1) ? " and the file's own problems" : "")} to {rejects}");
        }
        var refused = result.Unreadable || (result.Errors.Count > 0 && !options.SkipInvalid);
        if (result.DryRun)
        {
            await PrintDryRunAsync(console.Out, result, refused);
            return refused ? Refused : Ok;
        }
        if (!result.Applied)
        {
            await console.Out.WriteLineAsync($"rejected: {result.Invalid} invalid row(s) of {result.Read} read; nothing was imported (use --skip-invalid to import the valid rows)");
            return Refused;
        }
        // The import's s.62 entry was written in its transaction.
        foreach (var (rule, rows) in result.Excluded.OrderByDescending(e => e.Value)) await console.Out.WriteLineAsync($"excluded {rows}: {rule}");
        await console.Out.WriteLineAsync(result.Summary);
        return Ok;
    }

    private static async Task PrintDryRunAsync(TextWriter output, ImportResult result, bool refused)
    {
        await output.WriteLineAsync("dry run: nothing was changed");
        await output.WriteLineAsync($"read {result.Read} row(s)");
        await output.WriteLineAsync($"excluded {result.ExcludedRows}");
        foreach (var (rule, rows) in result.Excluded.OrderByDescending(e => e.Value)) await output.WriteLineAsync($"  {rows,8}  {rule}");
        await output.WriteLineAsync($"invalid {result.Invalid}");
        foreach (var (reason, rows) in result.InvalidByReason) await output.WriteLineAsync($"  {rows,8}  {reason}");
        await output.WriteLineAsync(refused
            ? $"the file would be rejected: nothing would be imported (with --skip-invalid the valid rows would create {result.Created}, update {result.Updated} and leave {result.Unchanged} unchanged)"
            : $"would create {result.Created}, update {result.Updated}, leave {result.Unchanged} unchanged");
        foreach (var (column, counts) in result.Values)
            await output.WriteLineAsync($"{column}: {string.Join(", ", counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"))}");
    }

    private static Command NotificationsCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        var failed = new Command("failed", "The email and webhook deliveries given up after a day of retries, newest first");
        failed.SetAction((_, ct) => WithServices(configuration, time, console, async sp =>
        {
            var rows = await sp.GetRequiredService<Safeguard.App.Notifications.DeliverNotifications>().GivenUpAsync(ct);
            foreach (var d in rows)
                await console.Out.WriteLineAsync($"{d.Id}\t{d.Channel}\t{d.Kind} {d.Reference}\t{d.Attempts} attempts\tgiven up {d.GivenUpAt}\t{d.LastError}");
            if (rows.Count == 0) await console.Out.WriteLineAsync("no delivery has been given up");
            return Ok;
        }));
        var id = new Argument<long>("ID") { Description = "the delivery's number (from 'notifications failed')" };
        var resend = new Command("resend", "Send a given-up delivery again now, with another day of retries") { id };
        resend.SetAction((parse, ct) => WithServices(configuration, time, console, async sp =>
        {
            try
            {
                await sp.GetRequiredService<Safeguard.App.Notifications.DeliverNotifications>().ResendAsync(parse.GetValue(id), sp.GetRequiredService<IClock>().GetCurrentInstant(), ct);
            }
            catch (Exception e) when (e is NotFoundException or RuleException)
            {
                await console.Error.WriteLineAsync(e.Message);
                return Refused;
            }
            await console.Out.WriteLineAsync($"delivery {parse.GetValue(id)} will be sent again");
            return Ok;
        }));
        return new Command("notifications", "Email and webhook deliveries") { failed, resend };
    }

    private static Command AuditCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        var verify = new Command("verify",
            "Check that the DPA 2018 s.62 log is whole: every entry present, in order, unchanged, and every recorded event accounted for by one (exit 1 when not)");
        verify.SetAction((_, ct) => WithServices(configuration, time, console, async sp =>
        {
            var found = await sp.GetRequiredService<AuditTrail>().VerifyAsync(ct);
            if (found.Break is { } b)
            {
                await console.Out.WriteLineAsync($"broken at entry {b.Sequence}: {b.Problem} ({found.Entries} entries read)");
                return Failed;
            }
            if (found.Unaccounted.Count > 0)
            {
                foreach (var e in found.Unaccounted) await console.Out.WriteLineAsync($"no entry accounts for {e}");
                await console.Out.WriteLineAsync($"incomplete: recorded events without their s.62 entry ({found.Entries} entries read)");
                return Failed;
            }
            await console.Out.WriteLineAsync($"the log is whole: {found.Entries} entries, every recorded event accounted for; "
                + (found.Anchor is { } a ? $"it reaches the head anchored outside the database at {a.At} (entry {a.Sequence})" : "not yet anchored outside the database"));
            return Ok;
        }));
        var anchor = new Command("anchor", "Write the log's head (its last entry's sequence and hash) to the anchor file outside the database; the web application does so every few minutes");
        anchor.SetAction((_, ct) => WithServices(configuration, time, console, async sp =>
        {
            var head = await sp.GetRequiredService<AuditAnchor>().WriteAsync(ct);
            await console.Out.WriteLineAsync(head is null ? "the log is empty: nothing to anchor" : $"anchored at entry {head.Sequence}");
            return Ok;
        }));
        var subject = new Argument<string>("SUBJECT") { Description = "child, notice, incident, missing or import" };
        var reference = new Argument<string>("REFERENCE") { Description = "the record's reference" };
        var show = new Command("show", "Who did what with one record, newest first") { subject, reference };
        show.SetAction((parse, ct) => WithServices(configuration, time, console, async sp =>
        {
            // A record is named by its reference as Safeguard keeps it; an import by its file's name, as it was.
            var (canonical, problem) = parse.GetValue(subject) == AuditTrail.ImportSubject ? (parse.GetValue(reference), null) : References.Normalise(parse.GetValue(reference));
            if (canonical is null)
            {
                await console.Error.WriteLineAsync($"The reference {problem}.");
                return Refused;
            }
            foreach (var e in await sp.GetRequiredService<AuditTrail>().ForAsync(parse.GetValue(subject)!, canonical, cancellationToken: ct))
                await console.Out.WriteLineAsync($"{e.Sequence}\t{e.At}\t{e.Who}\t{e.Action}\t{e.Justification}");
            return Ok;
        }));
        return new Command("audit", "The DPA 2018 s.62 log") { verify, show, anchor };
    }

    private static Command ReportCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        var from = new Option<string>("--from") { Description = "First local date of the period (yyyy-MM-dd, in the policy's time zone: Europe/London by default)", Required = true };
        var to = new Option<string>("--to") { Description = "Local date after the period (exclusive)", Required = true };
        var format = new Option<string>("--format") { Description = "json, csv, text, or pdf (with --out)", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "csv", "text", "pdf");
        var output = new Option<FileInfo?>("--out") { Description = "The file to write the PDF to" };
        var report = new Command("report", "Attendance performance for a period [from, to)") { from, to, format, output };
        report.SetAction((parse, ct) => WithServices(configuration, time, console, async sp =>
        {
            var reports = sp.GetRequiredService<BuildPerformanceReport>();
            if (!ReportPeriods.TryParse(parse.GetValue(from), parse.GetValue(to), reports.Zone, out var period, out var error))
            {
                await console.Error.WriteLineAsync(error);
                return Refused;
            }
            if (parse.GetValue(format) == "pdf")
            {
                if (parse.GetValue(output) is not { } file)
                {
                    await console.Error.WriteLineAsync("--out: give the file to write the PDF to.");
                    return Refused;
                }
                var packs = sp.GetRequiredService<Safeguard.App.Inspection.InspectionPack>();
                var contents = await packs.GatherAsync(period, CliAuthor, ct);
                await WriteWholeAsync(file, async stream => await stream.WriteAsync(
                    await Safeguard.App.Inspection.PackPdf.PrintAsync(Safeguard.App.Inspection.PackDocument.Html(contents, reportOnly: true), contents.Marking, packs.Options.Chromium, ct), ct));
                await console.Out.WriteLineAsync($"wrote {file.FullName}: {contents.Figures.Count} figures, {contents.Rows.Values.Sum(r => r.Count)} missed cases");
                return Ok;
            }
            var result = await reports.BuildAsync(period, ct);
            var text = parse.GetValue(format) switch
            {
                "csv" => result.ToCsv(),
                "text" => result.ToText(),
                _ => result.ToJson() + Environment.NewLine,
            };
            await console.Out.WriteAsync(text);
            return Ok;
        }));
        return report;
    }

    private static Command CapacityCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        var at = new Option<string>("--at") { Description = "The instant (ISO 8601; a local time without an offset is in the policy's time zone); now by default" };
        var window = new Option<int?>("--window-days") { Description = $"Days before it that arrivals and completions are counted over ({BuildCapacityReport.DefaultWindowDays} by default)" };
        var format = new Option<string>("--format") { Description = "json, csv or text", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "csv", "text");
        var capacity = new Command("capacity", "Capacity and backlogs of every queue (each kind of clock), force-wide and by district, at an instant") { at, window, format };
        return Refusable(capacity, configuration, time, console, async (sp, parse, ct) =>
        {
            var reports = sp.GetRequiredService<BuildCapacityReport>();
            var (instant, days) = BuildCapacityReport.Read(parse.GetValue(at), parse.GetValue(window), sp.GetRequiredService<IClock>().GetCurrentInstant(), reports.Zone);
            var result = await reports.BuildAsync(instant, days, ct);
            return (parse.GetValue(format) switch
            {
                "csv" => result.ToCsv(),
                "text" => result.ToText(),
                _ => result.ToJson(),
            }).TrimEnd('\n', '\r');
        });
    }

    private static Command UsersCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        var email = new Option<string>("--email") { Description = "Sign-in name (an email address)", Required = true };
        var role = new Option<string>("--role") { Description = "One of: " + string.Join(", ", Roles.People), Required = true };
        role.AcceptOnlyFromAmong([.. Roles.People]);
        var name = new Option<string?>("--name") { Description = "Display name" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (else one is generated and shown once)" };
        var agency = new Option<string?>("--agency") { Description = "For partner-agency users: their agency, by code or name, from the list (safeguard agencies list)" };
        var add = new Command("add", "Add a person's account (use it to create the first administrator)") { email, role, name, passwordStdin, agency };
        add.SetAction((parse, ct) => WithServices(configuration, time, console, async sp =>
        {
            var password = parse.GetValue(passwordStdin) ? (await console.In.ReadLineAsync(ct))?.Trim() : null;
            try
            {
                var added = await sp.GetRequiredService<Users>().AddAsync(parse.GetValue(email)!, parse.GetValue(role)!, parse.GetValue(name), password, parse.GetValue(agency));
                await console.Out.WriteLineAsync($"added {added.Email} as {added.Role}");
                if (added.GeneratedPassword is { } generated)
                    await console.Out.WriteLineAsync($"password (shown once): {generated}");
                return Ok;
            }
            catch (ArgumentException e)
            {
                await console.Error.WriteLineAsync(e.Message);
                return Refused;
            }
        }));
        var list = new Command("list", "List the accounts: email, role, agency, whether disabled and whether two-factor is set up");
        list.SetAction((_, ct) => WithServices(configuration, time, console, async sp =>
        {
            foreach (var u in await sp.GetRequiredService<Users>().ListAsync(ct))
                await console.Out.WriteLineAsync($"{u.Email}\t{u.Role}\t{u.Agency ?? "-"}\t{(u.Disabled ? "disabled" : "enabled")}\t{(u.TwoFactor ? "two-factor" : "password only")}");
            return Ok;
        }));
        // One command per thing done to an account: its email, its options; a refusal is exit 2 with the reason.
        Command OnAccount(string verb, string description, Func<Users, string, ParseResult, CancellationToken, Task<string>> act, params Option[] options)
        {
            var who = new Argument<string>("EMAIL") { Description = "The account's email address" };
            var command = new Command(verb, description) { who };
            foreach (var option in options) command.Options.Add(option);
            command.SetAction((parse, ct) => WithServices(configuration, time, console, async sp =>
            {
                try
                {
                    await console.Out.WriteLineAsync(await act(sp.GetRequiredService<Users>(), parse.GetValue(who)!, parse, ct));
                    return Ok;
                }
                catch (ArgumentException e)
                {
                    await console.Error.WriteLineAsync(e.Message);
                    return Refused;
                }
            }));
            return command;
        }
        var disable = OnAccount("disable", "Disable an account (a leaver): no sign-in, and their sessions end now", async (u, e, _, _) =>
        {
            await u.DisableAsync(e);
            return "disabled; their sessions have ended";
        });
        var enable = OnAccount("enable", "Enable a disabled account", async (u, e, _, _) =>
        {
            await u.EnableAsync(e);
            return "enabled";
        });
        var newRole = new Option<string>("--role") { Description = "The new role", Required = true };
        newRole.AcceptOnlyFromAmong([.. Roles.People]);
        var newAgency = new Option<string?>("--agency") { Description = "For partner-agency users: their agency" };
        var changeRole = OnAccount("role", "Move a person to another role; their sessions end", async (u, e, parse, _) =>
        {
            await u.ChangeRoleAsync(e, parse.GetValue(newRole)!, parse.GetValue(newAgency));
            return $"now {parse.GetValue(newRole)}; their sessions have ended";
        }, newRole, newAgency);
        var resetStdin = new Option<bool>("--password-stdin") { Description = "Read the new password from standard input (else one is generated and shown once)" };
        var reset = OnAccount("reset-password", "Give a person a new password; their sessions end", async (u, e, parse, ct) =>
        {
            var password = parse.GetValue(resetStdin) ? (await console.In.ReadLineAsync(ct))?.Trim() : null;
            var generated = await u.ResetPasswordAsync(e, password);
            return "password changed; their sessions have ended" + (generated is null ? "" : $"{Environment.NewLine}password (shown once): {generated}");
        }, resetStdin);
        return new Command("users", "Manage people's accounts") { add, list, disable, enable, changeRole, reset };
    }

    private static Command ApiKeysCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        var name = new Option<string>("--name") { Description = "Which system uses the key", Required = true };
        var role = new Option<string>("--role") { Description = "Machine role the key acts as", DefaultValueFactory = _ => Roles.CommandAndControl };
        role.AcceptOnlyFromAmong([.. Roles.Machines]);
        var scopes = new Option<string[]>("--scope")
        {
            Description = "A policy the key may use (repeat for more; default every one its role allows: "
                + string.Join("; ", Roles.Machines.Select(r => $"{r}: {string.Join(", ", ApiKeys.ScopesOf(r))}")) + ")",
            AllowMultipleArgumentsPerToken = true,
        };
        var days = new Option<int>("--expires-in-days") { Description = $"Days until the key stops working (1 to {ApiKeys.MaxLifetime.Days})", DefaultValueFactory = _ => ApiKeys.DefaultLifetime.Days };
        var create = new Command("create", "Create a key for a machine client; the key is shown once") { name, role, scopes, days };
        create.SetAction((parse, ct) => WithServices(configuration, time, console, async sp =>
        {
            try
            {
                var key = await sp.GetRequiredService<ApiKeys>().CreateAsync(parse.GetValue(name)!, parse.GetValue(role)!, parse.GetValue(scopes),
                    Duration.FromDays(parse.GetValue(days)), ct);
                await console.Out.WriteLineAsync(
                    $"api key {key.Id} for {key.Name} ({key.Role}: {string.Join(", ", key.Scopes)}) until {key.ExpiresAt}; shown once, send it as the X-Api-Key header:");
                await console.Out.WriteLineAsync(key.Secret);
                return Ok;
            }
            catch (ArgumentException e)
            {
                await console.Error.WriteLineAsync(e.Message);
                return Refused;
            }
        }));
        var list = new Command("list", "List the keys: id, name, role, scopes, expiry and state (never the secret)");
        list.SetAction((_, ct) => WithServices(configuration, time, console, async sp =>
        {
            foreach (var k in await sp.GetRequiredService<ApiKeys>().ListAsync(ct))
                await console.Out.WriteLineAsync($"{k.Id}\t{k.Name}\tsg_{k.Prefix}_…\t{k.Role}\t{string.Join(",", k.Scopes)}\tcreated {k.CreatedAt}\texpires {k.ExpiresAt}\t{k.State}");
            return Ok;
        }));
        var id = new Argument<long>("ID");
        var revoke = new Command("revoke", "Revoke a key") { id };
        revoke.SetAction((parse, ct) => WithServices(configuration, time, console, async sp =>
        {
            var found = await sp.GetRequiredService<ApiKeys>().RevokeAsync(parse.GetValue(id), ct);
            await (found ? console.Out : console.Error).WriteLineAsync(found ? "revoked" : "no such key");
            return found ? Ok : Refused;
        }));
        return new Command("api-keys", "Manage API keys for machine clients") { create, list, revoke };
    }

    private static Command AgenciesCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        // Each command changes the list or says why not (exit 2): a code or name taken, no such agency, a bad code.
        Command OnList(Command command, Func<Safeguard.App.Notices.Agencies, ParseResult, CancellationToken, Task<string>> act)
        {
            command.SetAction((parse, ct) => WithServices(configuration, time, console, async sp =>
            {
                try
                {
                    await console.Out.WriteLineAsync(await act(sp.GetRequiredService<Safeguard.App.Notices.Agencies>(), parse, ct));
                    return Ok;
                }
                catch (Exception e) when (e is InputException or RuleException or NotFoundException)
                {
                    await console.Error.WriteLineAsync(e is InputException input ? string.Join(" ", input.Errors.Values.SelectMany(v => v)) : e.Message);
                    return Refused;
                }
            }));
            return command;
        }
        static string Line(Safeguard.App.Notices.AgencyView a) => $"{(a.Code.Length == 0 ? "-" : a.Code)}\t{a.Name}\t{(a.RetiredAt is { } at ? $"retired {at}" : "active")}";
        var code = new Option<string>("--code") { Description = "Its short name, as reviews, shares and files give it (" + References.Alphabet + ")", Required = true };
        var name = new Option<string>("--name") { Description = "Its name as people read it", Required = true };
        var add = OnList(new Command("add", "Add an agency notices may be shared with") { code, name },
            async (agencies, parse, ct) => "added " + Line(await agencies.AddAsync(parse.GetValue(code), parse.GetValue(name), ct)));
        var which = new Argument<string>("CODE") { Description = "The agency's code" };
        var newName = new Option<string>("--name") { Description = "Its new name", Required = true };
        var rename = OnList(new Command("rename", "Give an agency a new name (past shares keep the name they were made under)") { which, newName },
            async (agencies, parse, ct) => "renamed " + Line(await agencies.RenameAsync(parse.GetValue(which)!, parse.GetValue(newName), ct)));
        var retiring = new Argument<string>("CODE") { Description = "The agency's code" };
        var retire = OnList(new Command("retire", "Share nothing more with an agency; what was shared stays") { retiring },
            async (agencies, parse, ct) => "retired " + Line(await agencies.RetireAsync(parse.GetValue(retiring)!, ct)));
        var list = OnList(new Command("list", "List the agencies: code, name, active or retired"),
            async (agencies, _, ct) => string.Join(Environment.NewLine, (await agencies.ListAsync(cancellationToken: ct)).Select(Line)));
        return new Command("agencies", "Keep the list of partner agencies notices may be shared with") { add, list, rename, retire };
    }

    /// <summary>A data-protection command: does what it says, or says why not (exit 2) and changes nothing.</summary>
    private static Command Refusable(Command command, IConfiguration configuration, TimeProvider time, Console2 console,
        Func<IServiceProvider, ParseResult, CancellationToken, Task<string>> act)
    {
        command.SetAction((parse, ct) => WithServices(configuration, time, console, async sp =>
        {
            try
            {
                await console.Out.WriteLineAsync(await act(sp, parse, ct));
                return Ok;
            }
            catch (Exception e) when (e is InputException or RuleException or NotFoundException)
            {
                await console.Error.WriteLineAsync(e is InputException input ? string.Join(" ", input.Errors.Values.SelectMany(v => v)) : e.Message);
                return Refused;
            }
        }));
        return command;
    }

    private static string CliAuthor => "cli:" + Environment.UserName;

    private static Command ChildrenCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        const string why = "data protection (command line)";
        Command Child(Command command, Func<IServiceProvider, ParseResult, CancellationToken, Task<string>> act) => Refusable(command, configuration, time, console, act);
        static Argument<string> Reference() => new("REFERENCE") { Description = "The child's reference" };
        static Option<string> Reason(string what) => new("--reason") { Description = what + " (kept in the s.62 log: the request's reference and ground, not names)", Required = true };

        var (erasing, erasureReason) = (Reference(), Reason("Why the record is erased"));
        var erase = Child(new Command("erase", "Erase a child's personal data and what their notices, missing episodes and incidents say of them; the figures stay") { erasing, erasureReason },
            async (sp, parse, ct) =>
            {
                var erased = await sp.GetRequiredService<Safeguard.App.Subjects.RecordErasure>().EraseChildAsync(parse.GetValue(erasing), parse.GetValue(erasureReason), CliAuthor, why, ct);
                return $"erased child {erased.Reference}: {erased.Notices} notices, {erased.Episodes} missing episodes, {erased.Incidents} incidents, {erased.EventsRedacted} events redacted";
            });
        var (restricting, restrictionReason) = (Reference(), Reason("Why the record is restricted"));
        var restrict = Child(new Command("restrict", "Restrict a child's record (UK GDPR Art. 18): kept, but shown only to the data-protection function and not changed") { restricting, restrictionReason },
            async (sp, parse, ct) =>
            {
                await sp.GetRequiredService<Safeguard.App.Children.ChildRestriction>().RestrictAsync(parse.GetValue(restricting), parse.GetValue(restrictionReason), CliAuthor, why, ct);
                return "restricted child " + parse.GetValue(restricting)!.Trim();
            });
        var (lifting, liftReason) = (Reference(), Reason("Why the restriction is lifted"));
        var lift = Child(new Command("lift-restriction", "Lift a child's record's restriction") { lifting, liftReason },
            async (sp, parse, ct) =>
            {
                await sp.GetRequiredService<Safeguard.App.Children.ChildRestriction>().LiftAsync(parse.GetValue(lifting), parse.GetValue(liftReason), CliAuthor, why, ct);
                return "lifted the restriction of child " + parse.GetValue(lifting)!.Trim();
            });
        var duplicate = new Argument<string>("DUPLICATE") { Description = "The duplicate child's reference" };
        var into = new Option<string>("--into") { Description = "The reference of the record to keep", Required = true };
        var mergeReason = Reason("Why they are the same child");
        var merge = Child(new Command("merge", "Merge a duplicate child record into the one kept: its notices, episodes and incidents become the kept child's") { duplicate, into, mergeReason },
            async (sp, parse, ct) =>
            {
                var merged = await sp.GetRequiredService<Safeguard.App.Children.ChildMerging>().MergeAsync(parse.GetValue(duplicate), parse.GetValue(into), parse.GetValue(mergeReason),
                    CliAuthor, "duplicate records (command line)", ct);
                return $"merged child {merged.Duplicate} into {merged.Kept}: {merged.Notices} notices, {merged.Episodes} missing episodes, {merged.Incidents} incidents";
            });
        return new Command("children", "Data protection for children's records: erase, restrict, merge duplicates") { erase, restrict, lift, merge };
    }

    private static Command RetentionCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        const string why = "retention review (command line)";
        Command Review(Command command, Func<IServiceProvider, ParseResult, CancellationToken, Task<string>> act) => Refusable(command, configuration, time, console, act);
        var kinds = string.Join(", ", Safeguard.App.Subjects.RecordErasure.Kinds);
        var on = new Option<string>("--on") { Description = "The day (yyyy-MM-dd; today by default)" };
        var only = new Option<string>("--kind") { Description = "Only records of this kind: " + kinds };
        var due = Review(new Command("due", "List the records due for retention review, longest due first: kind, reference, group, last activity, review date") { on, only },
            async (sp, parse, ct) =>
            {
                var errors = new Dictionary<string, string[]>();
                var day = Input.Date(parse.GetValue(on), "on", errors);
                var kind = parse.GetValue(only)?.Trim();
                if (kind is not null && !Safeguard.App.Subjects.RecordErasure.Kinds.Contains(kind)) errors["kind"] = ["--kind must be one of " + kinds];
                Input.ThrowIfAny(errors);
                var reviews = sp.GetRequiredService<Safeguard.App.Retention.RetentionReviews>();
                var lines = new List<string>();
                for (var page = 1; ; page++)
                {
                    var rows = await reviews.DueAsync(day, kind, new Safeguard.App.Subjects.PageRequest(page, Safeguard.App.Subjects.PageRequest.MaxSize), ct);
                    lines.AddRange(rows.Rows.Select(r => $"{r.Kind}\t{r.Reference}\t{r.Group}\t{r.LastActivity}\t{r.ReviewOn}"));
                    if (page >= rows.Pages) return string.Join(Environment.NewLine, [.. lines, $"{rows.Total} record(s) due for review"]);
                }
            });
        static Argument<string> Kind() => new("KIND") { Description = "The kind of record: child, notice, missing or incident" };
        static Argument<string> Reference() => new("REFERENCE") { Description = "Its reference" };
        static Option<string> Reason(string what) => new("--reason") { Description = what + " (kept in the s.62 log)", Required = true };
        var (keepKind, keepRef, keepReason) = (Kind(), Reference(), Reason("The policing purpose it is still needed for"));
        var keep = Review(new Command("keep", "Keep a record after its review: its next review is its group's period from today") { keepKind, keepRef, keepReason },
            async (sp, parse, ct) =>
            {
                var next = await sp.GetRequiredService<Safeguard.App.Retention.RetentionReviews>().KeepAsync(parse.GetValue(keepKind)?.Trim(), parse.GetValue(keepRef),
                    parse.GetValue(keepReason), CliAuthor, why, ct);
                return $"kept {parse.GetValue(keepKind)!.Trim()} {parse.GetValue(keepRef)!.Trim()}: next review {next}";
            });
        var (eraseKind, eraseRef, eraseReason) = (Kind(), Reference(), Reason("Why it is no longer needed"));
        var erase = Review(new Command("erase", "Erase a record's personal data after its review (a child's takes their notices, episodes and incidents' notes with it)") { eraseKind, eraseRef, eraseReason },
            async (sp, parse, ct) =>
            {
                var erased = await sp.GetRequiredService<Safeguard.App.Retention.RetentionReviews>().EraseAsync(parse.GetValue(eraseKind)?.Trim(), parse.GetValue(eraseRef),
                    parse.GetValue(eraseReason), CliAuthor, why, ct);
                return $"erased {parse.GetValue(eraseKind)!.Trim()} {erased.Reference}: {erased.EventsRedacted} events redacted";
            });
        var apply = Review(new Command("apply", "Work out every record's retention group and review date again, after the groups in the settings were changed"),
            async (sp, _, ct) =>
            {
                var count = await sp.GetRequiredService<Safeguard.App.Retention.RecordRetention>().ApplyAsync(sp.GetRequiredService<Safeguard.App.Data.AppDbContext>(), ct);
                return $"{count} records reviewed against the retention groups";
            });
        return new Command("retention", "Retention review (MoPI-style groups): what is due, keep, erase, apply changed groups") { due, keep, erase, apply };
    }

    /// <summary>Writes synthetic import files: no database is opened, and the same request writes the same files anywhere.</summary>
    private static Command GenerateCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        var incidents = new Option<int>("--incidents") { Description = "Incidents to write to incidents.csv", DefaultValueFactory = _ => 0 };
        var notices = new Option<int>("--notices") { Description = "Notices to write to notices.csv (most about child-involved incidents in incidents.csv: import it first)", DefaultValueFactory = _ => 0 };
        var missing = new Option<int>("--missing") { Description = "Missing episodes to write to missing.csv", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "The seed: the same seed and options write the same files", DefaultValueFactory = _ => 1 };
        var output = new Option<DirectoryInfo>("--out") { Description = "The directory to write the three files to (made if missing)", Required = true };
        var end = new Option<string?>("--end") { Description = "The local date after the period (yyyy-MM-dd); today by default" };
        var days = new Option<int>("--days") { Description = "The days the period covers, before --end", DefaultValueFactory = _ => 365 };
        var agencies = new Option<string?>("--agencies") { Description = "Codes of agencies (already listed: safeguard agencies add) that red and amber notices are shared with, separated by ;" };
        var generate = new Command("generate", "Write synthetic incident, notice and missing-episode files with a force's distributions, for tests and benchmarks at any size")
        {
            incidents, notices, missing, seed, output, end, days, agencies,
        };
        generate.SetAction(async (parse, ct) =>
        {
            var zone = PolicyOptions.Read(configuration).ToPolicy().Zone;
            var endText = parse.GetValue(end);
            var endDate = time.ToClock().GetCurrentInstant().InZone(zone).Date;
            if (endText is not null)
            {
                var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(endText.Trim());
                if (!parsed.Success)
                {
                    await console.Error.WriteLineAsync("--end must be a date written yyyy-MM-dd");
                    return Refused;
                }
                endDate = parsed.Value;
            }
            var codes = (parse.GetValue(agencies) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var request = new Safeguard.App.Generation.GenerateRequest(parse.GetValue(incidents), parse.GetValue(notices), parse.GetValue(missing), parse.GetValue(seed),
                endDate, parse.GetValue(days), zone, codes);
            if (request.Problems().ToList() is { Count: > 0 } problems)
            {
                foreach (var problem in problems) await console.Error.WriteLineAsync(problem);
                return Refused;
            }
            var directory = parse.GetValue(output)!;
            var result = await Safeguard.App.Generation.ImportFileGenerator.WriteAsync(request, directory.FullName, ct);
            await console.Out.WriteLineAsync(
                $"wrote {result.Incidents} incidents, {result.Notices} notices and {result.Missing} missing episodes about {result.Children} children "
                + $"({request.End.PlusDays(-request.Days):yyyy-MM-dd} to {request.End.PlusDays(-1):yyyy-MM-dd}, {result.ClockChangeNights} clock-change nights) to {directory.FullName}");
            return Ok;
        });
        return generate;
    }

    private static Command MigrateCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        var migrate = new Command("migrate", "Create or upgrade the database");
        migrate.SetAction((_, ct) => WithServices(configuration, time, console, async sp =>
        {
            await console.Error.WriteLineAsync("database is up to date");
            return Ok;
        }, forceMigrate: true));
        return migrate;
    }

    /// <summary>
    /// Runs <paramref name="action"/> with the application's services over a prepared database; a database that cannot
    /// be had (down, or on SQLite held by another writer) is said in one line. With <paramref name="exclusive"/> the
    /// command needs a SQLite database to itself (an import; see <see cref="SqliteLease"/>) and is refused otherwise.
    /// </summary>
    private static async Task<int> WithServices(IConfiguration configuration, TimeProvider time, Console2 console, Func<IServiceProvider, Task<int>> action,
        bool forceMigrate = false, bool exclusive = false)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton(time);
        services.AddSingleton<IClock>(time.ToClock());
        services.AddLogging(b => b
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning)
            .SetMinimumLevel(LogLevel.Warning));
        services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        services.AddSafeguardApp();
        await using var provider = services.BuildServiceProvider();
        try
        {
            var options = provider.GetRequiredService<DatabaseOptions>();
            provider.GetRequiredService<Safeguard.Domain.Clocks.SafeguardPolicy>();
            provider.GetRequiredService<Safeguard.Domain.Subjects.RetentionSchedule>();
            if (forceMigrate) options.AutoMigrate = true;
        }
        catch (InvalidOperationException e)
        {
            // A setting that cannot be used (e.g. Postgres without a connection string, a negative target).
            await console.Error.WriteLineAsync(e.Message);
            return Refused;
        }
        using var lease = exclusive ? SqliteLease.TryExclusive(provider.GetRequiredService<DatabaseOptions>()) : null;
        if (exclusive && lease is null)
        {
            await console.Error.WriteLineAsync("The application or another import is using this SQLite database, and an import would hold its only writer until it finished. Nothing was changed. Stop the application (or wait for the other import), import, then start it again; on PostgreSQL imports run beside the application.");
            return Refused;
        }
        try
        {
            await DatabaseSetup.PrepareAsync(provider);
            await using var scope = provider.CreateAsyncScope();
            return await action(scope.ServiceProvider);
        }
        catch (Exception e) when (DatabaseErrors.IsUnavailable(e))
        {
            // One line, no stack trace: the database is down, or (SQLite) another writer holds it.
            await console.Error.WriteLineAsync(provider.GetRequiredService<DatabaseOptions>().Provider == DatabaseProvider.Sqlite
                ? $"The database is busy: another import or the application held it for more than {DatabaseOptions.SqliteBusySeconds} seconds. Nothing was changed; try again when it is done (PostgreSQL lets imports run beside a busy application)."
                : "The database cannot be reached. Nothing was changed; try again when it is back.");
            return Failed;
        }
        catch (Exception e) when (DatabaseErrors.Translate(e, "record") is RuleException { IsConflict: true })
        {
            // A record the command was writing was written by someone else in the meantime (the application, on PostgreSQL).
            await console.Error.WriteLineAsync("A record was created or changed by someone else at the same time. Nothing was changed; run the command again.");
            return Failed;
        }
    }

    private sealed class ProgressPrinter(Console2 console) : IProgress<ImportProgress>
    {
        private bool _drawn;
        private string? _lastPhase;
        private long _lastPrinted;

        public void Report(ImportProgress value)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"{value.Phase}: {value.Rows:N0} rows");
            if (console.ErrorIsTerminal)
            {
                console.Error.Write("\r" + text.PadRight(40));
                _drawn = true;
                return;
            }
            // Piped: a plain line now and then, never control characters.
            if (value.Phase != _lastPhase || value.Rows - _lastPrinted >= 100_000)
            {
                console.Error.WriteLine(text);
                (_lastPhase, _lastPrinted) = (value.Phase, value.Rows);
            }
        }

        public void Done()
        {
            if (_drawn) console.Error.WriteLine();
        }
    }
}

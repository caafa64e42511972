using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class EscalatingOverdueAttendanceTests
{
    private static readonly Dictionary<string, string?> EngineOn = new() { ["Clocks:Engine:Enabled"] = "true" };
    private static readonly Instant T = SafeguardApp.DefaultNow;

    private static async Task CreatePriorityAsync(HttpClient client, string reference, Instant createdAt)
    {
        var response = await client.PostAsJsonAsync("/api/incidents",
            new { reference, createdAt = createdAt.ToString(), grade = "priority", childrenInvolved = true, district = "North" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static Task<int> CountAsync(SafeguardApp app, string text) =>
        app.EscalationsAsync().ContinueWith(t => t.Result.Count(line => line.Contains(text, StringComparison.Ordinal)), TaskScheduler.Default);

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Engine_FiresWarningThenBreach_EachOnce_AtTheirInstants(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider, settings: EngineOn);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await CreatePriorityAsync(cc, "E-1", T);

        app.AdvanceTime(Duration.FromMinutes(45));
        await SafeguardApp.EventuallyAsync(async () => await CountAsync(app, "note E-1 control-room") == 1, "the warning");
        var warning = (await app.EscalationsAsync()).Single(l => l.StartsWith("note E-1 control-room", StringComparison.Ordinal));
        Assert.EndsWith($"@{T + Duration.FromMinutes(45)} ({T + Duration.FromMinutes(45)})", warning, StringComparison.Ordinal);

        app.AdvanceTime(Duration.FromMinutes(15)); // exactly due: not yet breached
        Assert.Equal(0, await app.EscalateAsync());
        app.AdvanceTime(Duration.FromSeconds(1));
        await SafeguardApp.EventuallyAsync(async () => await CountAsync(app, "note E-1 duty-inspector") == 1, "the breach");

        // Running again at the same instant, or later before the next step, fires nothing twice.
        Assert.Equal(0, await app.EscalateAsync());
        app.AdvanceTime(Duration.FromMinutes(10));
        Assert.Equal(0, await app.EscalateAsync());
        var lines = await app.EscalationsAsync();
        Assert.Equal(1, lines.Count(l => l.StartsWith("event E-1 attendance clock: warning", StringComparison.Ordinal)));
        Assert.Equal(1, lines.Count(l => l.StartsWith("event E-1 attendance clock: breach @", StringComparison.Ordinal)));
        Assert.Equal(4, lines.Count);
    }

    [Fact]
    public async Task Supervisor_SeesTheCountOnEveryPage_AndAcknowledges()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await CreatePriorityAsync(cc, "N-1", T);
        app.AdvanceTime(Duration.FromMinutes(61));
        Assert.Equal(2, await app.EscalateAsync()); // warning to the control room, breach to the duty inspector

        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        var home = await supervisor.GetStringAsync("/");
        Assert.Contains("<strong class=\"govuk-tag govuk-tag--red\" id=\"notification-count\">2</strong>", home, StringComparison.Ordinal);
        var list = await supervisor.GetStringAsync("/Notifications");
        Assert.Contains("Attendance target missed", list, StringComparison.Ordinal);
        // Oldest due first: the control room's warning, then the breach sent to the duty inspector. Acknowledge the breach.
        var buttons = System.Text.RegularExpressions.Regex.Matches(list, "name=\"one\" value=\"(\\d+)\"");
        var (warningId, id) = (buttons[0].Groups[1].Value, buttons[1].Groups[1].Value);
        var ack = await SafeguardApp.PostFormAsync(supervisor, "/Notifications", "Acknowledge", new() { ["one"] = id });
        Assert.Equal(HttpStatusCode.Redirect, ack.StatusCode);
        Assert.Equal("/Notifications?page=1&acknowledged=1", ack.Headers.Location?.ToString());
        Assert.Contains("id=\"notification-count\">1</strong>", await supervisor.GetStringAsync("/Performance"), StringComparison.Ordinal);
        Assert.Contains("@test.invalid, ", await supervisor.GetStringAsync("/Notifications"), StringComparison.Ordinal);

        // A call handler hears the control room's warning only (still unacknowledged); an analyst hears nothing.
        using var handler = await app.CreateSignedInClientAsync(Roles.CallHandler);
        Assert.Contains("id=\"notification-count\">1</strong>", await handler.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains(">Overdue</th>", await handler.GetStringAsync("/Notifications"), StringComparison.Ordinal);
        // The overdue incident prompts a call handler to reassess and tell the caller; a response officer, who can do neither, sees no prompt.
        var handlerBoard = await handler.GetStringAsync("/Board");
        Assert.Contains("Reassess risk (THRIVE)", handlerBoard, StringComparison.Ordinal);
        Assert.Contains("href=\"/Incidents/N-1#caller\"", handlerBoard, StringComparison.Ordinal);
        using (var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer))
        {
            var officerBoard = await officer.GetStringAsync("/Board");
            Assert.Contains(">N-1<", officerBoard, StringComparison.Ordinal);
            Assert.DoesNotContain("Reassess risk", officerBoard, StringComparison.Ordinal);
        }
        using var analyst = await app.CreateSignedInClientAsync(Roles.Analyst);
        var analystHome = await analyst.GetStringAsync("/");
        Assert.Contains("<strong class=\"govuk-tag govuk-tag--grey\" id=\"notification-count\">0</strong>", analystHome, StringComparison.Ordinal);
        var foreign = await SafeguardApp.PostFormAsync(analyst, "/Notifications", "Acknowledge", new() { ["one"] = warningId });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        // Ticked together, others' are passed over: the analyst acknowledges nothing, and neither ticked one changes.
        var none = await SafeguardApp.PostFormAsync(analyst, "/Notifications", "Acknowledge", new() { ["scope"] = "selected" }, ("ids", warningId), ("ids", id));
        Assert.Equal("/Notifications?page=1&acknowledged=0", none.Headers.Location?.ToString());
        Assert.Contains("id=\"notification-count\">1</strong>", await handler.GetStringAsync("/"), StringComparison.Ordinal);
        // The call handler acknowledges every one on the page at once (the breach, not theirs, is passed over).
        var all = await SafeguardApp.PostFormAsync(handler, "/Notifications", "Acknowledge", new() { ["scope"] = "page" }, ("on-page", warningId), ("on-page", id));
        Assert.Equal("/Notifications?page=1&acknowledged=1", all.Headers.Location?.ToString());
        var after = await handler.GetStringAsync("/Notifications?acknowledged=1");
        Assert.Contains("1 notification acknowledged.", after, StringComparison.Ordinal);
        Assert.Contains("id=\"notification-count\">0</strong>", after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task PolicyChange_AppliesToClocksStartedAfterIt_RunningClocksKeepTheirs(Provider provider)
    {
        await using var before = await SafeguardApp.StartAsync(provider);
        using (var cc = await before.CreateClientAsync(Roles.CommandAndControl))
            await CreatePriorityAsync(cc, "OLD-POLICY", T);

        // The force shortens the priority target to 30 minutes and restarts.
        await using var after = await before.StartAnotherInstanceAsync(new Dictionary<string, string?>
        {
            ["Policy:Attendance:PriorityMinutes"] = "30",
            ["Clocks:Engine:Enabled"] = "true",
        });
        using var client = await after.CreateClientAsync(Roles.CommandAndControl);
        await CreatePriorityAsync(client, "NEW-POLICY", T);

        var old = JsonDocument.Parse(await client.GetStringAsync("/api/incidents/OLD-POLICY")).RootElement.GetProperty("clocks")[0];
        var @new = JsonDocument.Parse(await client.GetStringAsync("/api/incidents/NEW-POLICY")).RootElement.GetProperty("clocks")[0];
        Assert.Equal(60, old.GetProperty("targetMinutes").GetDouble());
        Assert.Equal(30, @new.GetProperty("targetMinutes").GetDouble());

        after.AdvanceTime(Duration.FromMinutes(31));
        await SafeguardApp.EventuallyAsync(async () => await CountAsync(after, "note NEW-POLICY duty-inspector") == 1, "the new clock's breach");
        Assert.Equal(0, await CountAsync(after, "OLD-POLICY"));
        after.AdvanceTime(Duration.FromMinutes(15)); // 46 minutes: the old clock warns at 45, as its policy said
        await SafeguardApp.EventuallyAsync(async () => await CountAsync(after, "note OLD-POLICY control-room") == 1, "the old clock's warning");
        Assert.Equal(0, await CountAsync(after, "note OLD-POLICY duty-inspector"));

        var report = JsonDocument.Parse((await after.RunCliAsync("report", "--from", "2024-02-01", "--to", "2024-03-01")).Out).RootElement;
        Assert.Equal(30, report.GetProperty("attendance").GetProperty("targetMinutes").GetDouble());
        Assert.Equal(2, report.GetProperty("policy").GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Arrival_BeforeTheWarning_StopsEveryStep()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, settings: EngineOn);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await CreatePriorityAsync(cc, "E-2", T);
        app.AdvanceTime(Duration.FromMinutes(30));
        var arrived = await cc.PostAsJsonAsync("/api/incidents/E-2/events", new { kind = "arrived", at = (T + Duration.FromMinutes(30)).ToString() });
        Assert.Equal(HttpStatusCode.OK, arrived.StatusCode);
        app.AdvanceTime(Duration.FromHours(3));
        Assert.Equal(0, await app.EscalateAsync());
        Assert.Empty(await app.EscalationsAsync());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task AfterARestart_WhatFellDueWhileDown_IsEscalatedOnce(Provider provider)
    {
        await using var down = await SafeguardApp.StartAsync(provider); // engine off: the service is "down"
        using var cc = await down.CreateClientAsync(Roles.CommandAndControl);
        await CreatePriorityAsync(cc, "R-1", T);
        down.AdvanceTime(Duration.FromHours(3));

        await using var restarted = await down.StartAnotherInstanceAsync(EngineOn);
        await SafeguardApp.EventuallyAsync(async () => (await restarted.EscalationsAsync()).Count == 6, "the catch-up");
        var lines = await restarted.EscalationsAsync();
        Assert.Contains(lines, l => l.StartsWith("event R-1 attendance clock: breach+30m", StringComparison.Ordinal));
        Assert.Equal(0, await restarted.EscalateAsync());
    }

    [Fact]
    public async Task ImportedHistory_RaisesNoEscalations()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, settings: EngineOn);
        var csv = "reference,created_at,grade,children_involved,arrived_at\nOLD-1,2023-01-01T10:00:00Z,priority,yes,2023-01-01T12:00:00Z\nOLD-2,2023-01-01T10:00:00Z,priority,yes,\n"
                  + $"LIVE-1,{T - Duration.FromMinutes(80)},priority,yes,\n";
        Assert.Equal(0, (await app.ImportIncidentsAsync(csv)).ExitCode);
        app.AdvanceTime(Duration.FromSeconds(1)); // another process imported: the engine looks again within its idle second
        // The live, still-unattended incident entered late is escalated at once; the history is not.
        await SafeguardApp.EventuallyAsync(async () => await CountAsync(app, "note LIVE-1") == 2, "the late entry's escalation");
        Assert.Equal(0, await app.EscalateAsync());
        Assert.DoesNotContain(await app.EscalationsAsync(), l => l.Contains("OLD-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OldOpenIncidentImported_TellsEveryoneInTheChainOnce_OrNoOne()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        // Due 23 h 59 min before the import: a live problem; due 24 h 1 min before: history.
        var csv = "reference,created_at,grade,children_involved\n"
            + $"LIVE-OLD,{T - Duration.FromHours(24) - Duration.FromMinutes(59)},priority,no\n"
            + $"HISTORY,{T - Duration.FromHours(25) - Duration.FromMinutes(1)},priority,no\n";
        Assert.Equal(0, (await app.ImportIncidentsAsync(csv)).ExitCode);
        Assert.Equal(3, await app.EscalateAsync());
        app.AdvanceTime(Duration.FromHours(6));
        Assert.Equal(0, await app.EscalateAsync());
        var notes = (await app.EscalationsAsync()).Where(l => l.StartsWith("note", StringComparison.Ordinal)).ToList();
        Assert.Equal(["control-room", "duty-inspector", "superintendent"], notes.Select(l => l.Split(' ')[2]).Order(StringComparer.Ordinal));
        Assert.All(notes, l => Assert.StartsWith("note LIVE-OLD ", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoInstances_OnPostgres_FireEachStepExactlyOnce()
    {
        await using var first = await SafeguardApp.StartAsync(Provider.Postgres, settings: EngineOn);
        await using var second = await first.StartAnotherInstanceAsync();
        using var cc = await first.CreateClientAsync(Roles.CommandAndControl);
        for (var i = 0; i < 60; i++) await CreatePriorityAsync(cc, $"M-{i:D2}", T);

        // Both instances' clocks move past every step; both engines run over the same rows.
        first.AdvanceTime(Duration.FromHours(2));
        second.AdvanceTime(Duration.FromHours(2));
        await SafeguardApp.EventuallyAsync(async () => (await first.EscalationsAsync()).Count(l => l.StartsWith("note", StringComparison.Ordinal)) >= 180, "every step", 60);
        await Task.WhenAll(first.EscalateAsync(), second.EscalateAsync());
        var lines = await first.EscalationsAsync();
        Assert.Equal(180, lines.Count(l => l.StartsWith("note", StringComparison.Ordinal)));
        Assert.Equal(180, lines.Count(l => l.StartsWith("event", StringComparison.Ordinal)));
        Assert.Equal(lines.Count, lines.Distinct().Count());
    }
}

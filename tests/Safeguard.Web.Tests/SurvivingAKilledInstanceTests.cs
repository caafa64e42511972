using System.Diagnostics;
using System.Text;
using NodaTime;
using NodaTime.Text;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// kill -9 of the application in the middle of a burst of escalations and their webhook deliveries, then a restart:
/// every step fired exactly once and every delivery received, at most the one in flight twice (and then with the same
/// idempotency key). The instances are real processes of the web application over one PostgreSQL database.
/// </summary>
public class SurvivingAKilledInstanceTests
{
    private const int Incidents = 1500;

    [Fact]
    public async Task AnInstanceKilledMidBurst_LeavesNoStepMissingOrTwice_AndEveryDeliveryReceivedOnce()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Postgres);
        // The processes run on the machine's clock, so the test's records are set on it too: as the database tells it.
        app.Time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(await app.ScalarAsync("SELECT (extract(epoch FROM now()) * 1000)::bigint")));
        var now = app.Now;
        var created = InstantPattern.ExtendedIso.Format(now - Duration.FromMinutes(70));
        var file = new StringBuilder("reference,created_at,grade,children_involved\n");
        for (var i = 0; i < Incidents; i++) file.Append(System.Globalization.CultureInfo.InvariantCulture, $"KILL-{i:D5},{created},priority,false\n");
        var import = await app.RunCliAsync("import", "incidents", app.WriteFile(file.ToString()));
        Assert.True(import.ExitCode == 0, import.Out + import.Error);
        await using var hook = await FakeWebhookReceiver.StartAsync();

        // Each open incident is 70 minutes old: its warning and its breach are owed, two steps each.
        var first = StartInstance(app, hook.Url);
        try
        {
            await SafeguardApp.EventuallyAsync(async () => await app.ScalarAsync("SELECT count(*) FROM notifications") >= Incidents / 3 || first.HasExited, "a third of the burst", seconds: 90);
            Assert.False(first.HasExited, "the first instance stopped by itself");
        }
        finally
        {
            first.Kill(entireProcessTree: true); // SIGKILL: no shutdown, transactions cut off mid-way
            await first.WaitForExitAsync();
        }
        var atKill = await app.ScalarAsync("SELECT count(*) FROM notifications");
        Assert.True(atKill < 2 * Incidents, $"the burst was over before the kill ({atKill}); the test needs more incidents");

        var second = StartInstance(app, hook.Url);
        try
        {
            await SafeguardApp.EventuallyAsync(async () =>
                await app.ScalarAsync("SELECT count(*) FROM clocks WHERE \"NextEscalationAt\" <= now()") == 0
                && await app.ScalarAsync("SELECT count(*) FROM notifications WHERE \"PlannedAt\" IS NULL") == 0
                && await app.ScalarAsync("SELECT count(*) FROM notification_deliveries WHERE \"SentAt\" IS NULL") == 0, "the rest of the burst", seconds: 180);
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }

        Assert.Equal(2L * Incidents, await app.ScalarAsync("SELECT count(*) FROM notifications"));
        Assert.Equal(2L * Incidents, await app.ScalarAsync("SELECT count(DISTINCT (\"ClockId\", \"Recipient\")) FROM notifications"));
        Assert.Equal(2L * Incidents, await app.ScalarAsync("SELECT count(*) FROM events WHERE \"Kind\" = 'escalated'"));
        Assert.Equal(2L * Incidents, await app.ScalarAsync("SELECT count(*) FROM notification_deliveries WHERE \"SentAt\" IS NOT NULL"));
        var keys = hook.IdempotencyKeys.ToList();
        Assert.Equal(2 * Incidents, keys.Distinct().Count());
        Assert.InRange(keys.Count - keys.Distinct().Count(), 0, 1); // at most the delivery in flight at the kill, under its own key
    }

    private static Process StartInstance(SafeguardApp app, string hook)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "Safeguard.Web.dll")}\"")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Safeguard"] = app.ConnectionString,
            ["Demo__Seed"] = "false",
            ["Webhooks__Url"] = hook,
            ["Audit__Key"] = SafeguardApp.AuditKey,
            ["Audit__AnchorFile"] = app.AnchorFile,
            ["Webhooks__Secret"] = "kill-test-secret-0123456789",
            ["Logging__LogLevel__Default"] = "Warning",
        })
            start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}

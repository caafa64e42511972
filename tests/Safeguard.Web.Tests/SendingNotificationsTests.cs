using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class SendingNotificationsTests
{
    private const string Secret = "test-webhook-secret-0123456789";

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Escalations_AreEmailedToThoseWhoWantThem_AndPostedSigned_EachOnce(Provider provider)
    {
        await using var smtp = new FakeSmtpServer();
        await using var hook = await FakeWebhookReceiver.StartAsync();
        await using var app = await SafeguardApp.StartAsync(provider, settings: new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:From"] = "safeguard@force.invalid",
            ["Webhooks:Url"] = hook.Url,
            ["Webhooks:Secret"] = Secret,
            ["Safeguard:PublicUrl"] = "https://safeguard.force.invalid",
        });
        var (supervisor, _) = await app.AddUserAsync(Roles.Supervisor);
        var (handler, _) = await app.AddUserAsync(Roles.CallHandler);
        var (quiet, quietPassword) = await app.AddUserAsync(Roles.Supervisor);
        await app.AddUserAsync(Roles.Analyst);

        // One supervisor turns email off on the Preferences page.
        using (var browser = app.CreateAnonymousClient())
        {
            await SafeguardApp.SignInAsync(browser, quiet, quietPassword);
            var page = await browser.GetStringAsync("/Account/Preferences");
            Assert.Contains("checked=\"checked\"", page, StringComparison.Ordinal);
            var token = SafeguardApp.AntiforgeryToken(page);
            var saved = await browser.PostAsync("/Account/Preferences", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.DoesNotContain("checked=\"checked\"", await browser.GetStringAsync("/Account/Preferences"), StringComparison.Ordinal);
        }

        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        var created = await cc.PostAsJsonAsync("/api/incidents", new { reference = "MAIL-1", createdAt = app.Now.ToString(), grade = "priority", childrenInvolved = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        app.AdvanceTime(Duration.FromMinutes(61));
        Assert.Equal(2, await app.EscalateAsync());

        // Warning → control room (call handlers and supervisors); breach → duty inspector (supervisors).
        Assert.Equal(5, await app.DeliverAsync());
        Assert.Equal(0, await app.DeliverAsync());
        app.AdvanceTime(Duration.FromHours(1));
        Assert.Equal(0, await app.DeliverAsync());

        var mails = smtp.Messages.ToList();
        Assert.Equal(3, mails.Count);
        Assert.Equal(2, mails.Count(m => m.To.Mailboxes.Single().Address == supervisor));
        Assert.Equal(1, mails.Count(m => m.To.Mailboxes.Single().Address == handler));
        Assert.DoesNotContain(mails, m => m.To.Mailboxes.Single().Address == quiet);
        var breach = mails.Single(m => m.To.Mailboxes.Single().Address == handler);
        Assert.Contains("MAIL-1", breach.Subject, StringComparison.Ordinal);
        Assert.Contains("https://safeguard.force.invalid/Incidents/MAIL-1", breach.TextBody, StringComparison.Ordinal);
        Assert.Contains("Incident MAIL-1", breach.TextBody, StringComparison.Ordinal);
        // Each email carries its delivery's own Message-ID, the same however often it is tried.
        Assert.All(mails, m => Assert.Matches(@"^delivery-\d+@force\.invalid$", m.MessageId));
        Assert.Equal(3, mails.Select(m => m.MessageId).Distinct().Count());

        var calls = hook.Calls.ToList();
        Assert.Equal(2, calls.Count);
        foreach (var (timestamp, signature, body) in calls)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
            Assert.Equal(expected, signature);
            Assert.Equal("MAIL-1", JsonDocument.Parse(body).RootElement.GetProperty("reference").GetString());
            Assert.Equal("incident", JsonDocument.Parse(body).RootElement.GetProperty("kind").GetString());
        }
        Assert.Equal(calls.Select(c => JsonDocument.Parse(c.Body).RootElement.GetProperty("delivery").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            hook.IdempotencyKeys);
        Assert.Equal(["control-room", "duty-inspector"], calls.Select(c => JsonDocument.Parse(c.Body).RootElement.GetProperty("recipient").GetString()).Order());
    }

    [Fact]
    public async Task FailedSends_AreRetriedLater_AndNeverTwiceOnceSent()
    {
        var port = FakeSmtpServer.FreePort(); // nothing listens yet
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await app.AddUserAsync(Roles.CallHandler);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await cc.PostAsJsonAsync("/api/incidents", new { reference = "RETRY-1", createdAt = app.Now.ToString(), grade = "priority", childrenInvolved = true });
        app.AdvanceTime(Duration.FromMinutes(46));
        Assert.Equal(1, await app.EscalateAsync());
        Assert.Equal(0, await app.DeliverAsync()); // the mail server is down

        await using var smtp = new FakeSmtpServer(port);
        Assert.Equal(0, await app.DeliverAsync()); // not due again yet
        app.AdvanceTime(Duration.FromMinutes(2));
        Assert.Equal(1, await app.DeliverAsync());
        app.AdvanceTime(Duration.FromHours(1));
        Assert.Equal(0, await app.DeliverAsync());
        Assert.Single(smtp.Messages);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task AReceiverThatFails_IsRetriedSoonThenLess_WithOneIdempotencyKey_AndGetsItOnce(Provider provider)
    {
        await using var hook = await FakeWebhookReceiver.StartAsync();
        hook.Failing = true;
        await using var app = await SafeguardApp.StartAsync(provider, settings: WebhookTo(hook));
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await cc.PostAsJsonAsync("/api/incidents", new { reference = "HOOK-1", createdAt = app.Now.ToString(), grade = "priority", childrenInvolved = true });
        app.AdvanceTime(Duration.FromMinutes(46));
        Assert.Equal(1, await app.EscalateAsync());

        Assert.Equal(0, await app.DeliverAsync());
        Assert.Single(hook.Refused);
        app.AdvanceTime(Duration.FromSeconds(29));
        Assert.Equal(0, await app.DeliverAsync());
        Assert.Single(hook.Refused); // not due for 30 seconds
        app.AdvanceTime(Duration.FromSeconds(1));
        Assert.Equal(0, await app.DeliverAsync());
        Assert.Equal(2, hook.Refused.Count);

        hook.Failing = false;
        app.AdvanceTime(Duration.FromSeconds(59));
        Assert.Equal(0, await app.DeliverAsync()); // the second pause is a minute
        app.AdvanceTime(Duration.FromSeconds(1));
        Assert.Equal(1, await app.DeliverAsync());
        app.AdvanceTime(Duration.FromHours(2));
        Assert.Equal(0, await app.DeliverAsync());

        var delivered = Assert.Single(hook.Calls);
        var key = Assert.Single(hook.IdempotencyKeys);
        Assert.All(hook.Refused, k => Assert.Equal(key, k));
        Assert.Equal(key, JsonDocument.Parse(delivered.Body).RootElement.GetProperty("delivery").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ADeliveryFailingForADay_IsGivenUp_TheAdministratorsAreTold_AndOneResendDeliversIt()
    {
        await using var hook = await FakeWebhookReceiver.StartAsync();
        hook.Failing = true;
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, settings: WebhookTo(hook));
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await cc.PostAsJsonAsync("/api/incidents", new { reference = "HOOK-2", createdAt = app.Now.ToString(), grade = "priority", childrenInvolved = true });
        app.AdvanceTime(Duration.FromMinutes(46));
        Assert.Equal(1, await app.EscalateAsync());
        await app.DeliverAsync();
        for (var hour = 1; hour < 24; hour++)
        {
            app.AdvanceTime(Duration.FromHours(1));
            await app.DeliverAsync();
        }
        using var admin = await app.CreateSignedInClientAsync(Roles.Administrator); // signed in now: a session lasts a shift
        Assert.DoesNotContain("Not delivered", await admin.GetStringAsync("/Notifications"), StringComparison.Ordinal);
        var triesInADay = hook.Refused.Count;
        Assert.InRange(triesInADay, 20, 30);

        app.AdvanceTime(Duration.FromHours(1));
        await app.DeliverAsync(); // the attempt a day after the first fails: given up
        Assert.Equal(triesInADay + 1, hook.Refused.Count);
        var inbox = await admin.GetStringAsync("/Notifications");
        Assert.Contains("Not delivered by webhook for a day", inbox, StringComparison.Ordinal);
        Assert.Contains("HOOK-2", inbox, StringComparison.Ordinal);
        var listed = (await app.RunCliAsync("notifications", "failed")).Out;
        Assert.Contains("webhook\tincident HOOK-2", listed, StringComparison.Ordinal);
        var id = listed.Split('\t')[0];

        hook.Failing = false;
        app.AdvanceTime(Duration.FromHours(3));
        Assert.Equal(0, await app.DeliverAsync()); // not tried again by itself, and the alert is not sent down the failing channel
        Assert.Empty(hook.Calls);
        Assert.Equal(triesInADay + 1, hook.Refused.Count);

        using (var handler = await app.CreateSignedInClientAsync(Roles.CallHandler))
        {
            var refused = await handler.GetAsync("/Notifications/Deliveries");
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal("/Account/Denied", refused.Headers.Location!.AbsolutePath);
        }
        var page = await admin.GetStringAsync("/Notifications/Deliveries");
        Assert.Contains($"{id} (webhook)", page, StringComparison.Ordinal);
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(page) });
        var resent = await admin.PostAsync($"/Notifications/Deliveries?handler=Resend&id={id}", form);
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        Assert.Equal(1, await app.DeliverAsync());
        Assert.Single(hook.Calls);
        Assert.Equal(id, Assert.Single(hook.IdempotencyKeys));
        Assert.Contains("No delivery has been given up", await admin.GetStringAsync("/Notifications/Deliveries"), StringComparison.Ordinal);

        var again = await admin.PostAsync($"/Notifications/Deliveries?handler=Resend&id={id}", form);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("The delivery was sent.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknown = await app.RunCliAsync("notifications", "resend", "999999");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("No delivery has this number.", unknown.Error, StringComparison.Ordinal);
        app.AdvanceTime(Duration.FromHours(1));
        Assert.Equal(0, await app.DeliverAsync());
        Assert.Single(hook.Calls);
    }

    private static Dictionary<string, string?> WebhookTo(FakeWebhookReceiver hook) => new()
    {
        ["Webhooks:Url"] = hook.Url,
        ["Webhooks:Secret"] = Secret,
    };
}

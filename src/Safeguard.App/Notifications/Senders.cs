using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using MimeKit;
using NodaTime;

namespace Safeguard.App.Notifications;

/// <summary>
/// What is sent outside the application: a reference, what happened and a link; never personal data.
/// <see cref="DeliveryId"/> is the same on every attempt of one delivery: the receiver's key for dropping a repeat.
/// </summary>
public sealed record OutgoingNotification(long Id, long DeliveryId, string Recipient, string Kind, string Reference, string Subject, Instant DueAt, string Link)
{
    /// <summary>What the record is, in words for a message: "incident INC-1", "notice PPN-2", "missing episode EP-3".</summary>
    public string Record => Kind switch
    {
        Records.Incident => "Incident",
        Records.Notice => "Notice",
        Records.Missing => "Missing episode",
        Records.Child => "Child",
        _ => "Record",
    } + " " + Reference;
}

/// <summary>Settings <c>Email:Smtp:*</c>; email is off while <see cref="Host"/> is empty.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool StartTls { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "safeguard@localhost";

    public static SmtpOptions Load(IConfiguration configuration)
    {
        var options = new SmtpOptions();
        configuration.GetSection("Email:Smtp").Bind(options);
        return options;
    }
}

/// <summary>Sends notification emails over SMTP with MailKit.</summary>
public sealed class EmailSender(IConfiguration configuration)
{
    private readonly SmtpOptions _options = SmtpOptions.Load(configuration);

    public bool Enabled => !string.IsNullOrWhiteSpace(_options.Host);

    private string MessageIdDomain => MailboxAddress.Parse(_options.From).Domain is { Length: > 0 } domain ? domain : "safeguard.invalid";

    public async Task SendAsync(string to, OutgoingNotification notification, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(_options.From));
        message.To.Add(MailboxAddress.Parse(to));
        // The same on every attempt, so a mail system that has seen it can drop a repeat.
        message.MessageId = $"delivery-{notification.DeliveryId}@{MessageIdDomain}";
        message.Subject = $"Safeguard: {notification.Subject} ({notification.Reference})";
        message.Body = new TextPart("plain")
        {
            Text = $"{notification.Subject}.\n\n{notification.Record}, sent to {notification.Recipient}.\n"
                   + $"Open it in Safeguard: {notification.Link}\n\nYou get these emails because of your role. "
                   + "You can turn them off under Preferences in Safeguard.\n",
        };
        using var client = new SmtpClient();
        await client.ConnectAsync(_options.Host!, _options.Port, _options.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        if (!string.IsNullOrEmpty(_options.UserName))
            await client.AuthenticateAsync(_options.UserName, _options.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>
/// Posts notifications to another system (<c>Webhooks:Url</c>) as JSON, signed with HMAC-SHA256 over
/// <c>{timestamp}.{body}</c> using <c>Webhooks:Secret</c>: headers <c>X-Safeguard-Timestamp</c> (Unix seconds) and
/// <c>X-Safeguard-Signature: sha256=HEX</c>. The receiver recomputes the signature and rejects stale timestamps.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory http, IConfiguration configuration, IClock clock)
{
    public const string SignatureHeader = "X-Safeguard-Signature";
    public const string TimestampHeader = "X-Safeguard-Timestamp";

    /// <summary>The delivery's id, the same on every attempt: a receiver drops a request whose key it has seen.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    private readonly string? _url = configuration["Webhooks:Url"];
    private readonly string? _secret = configuration["Webhooks:Secret"];

    public bool Enabled => !string.IsNullOrWhiteSpace(_url) && !string.IsNullOrWhiteSpace(_secret);

    public async Task SendAsync(OutgoingNotification notification, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            id = notification.Id,
            delivery = notification.DeliveryId,
            recipient = notification.Recipient,
            kind = notification.Kind,
            reference = notification.Reference,
            subject = notification.Subject,
            dueAt = notification.DueAt.ToString(),
            link = notification.Link,
        });
        var timestamp = clock.GetCurrentInstant().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(IdempotencyHeader, notification.DeliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, "sha256=" + Sign(_secret!, timestamp, body));
        using var client = http.CreateClient(nameof(WebhookSender));
        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Safeguard.Web.Tests.Infrastructure;

/// <summary>An SMTP server in the test process, on a loopback port, that keeps every message it is sent.</summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public int Port { get; }
    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public FakeSmtpServer(int? port = null)
    {
        Port = port ?? FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(new Store(Messages));
        _running = new SmtpServer.SmtpServer(options, provider).StartAsync(_stop.Token);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>
/// A web endpoint in the test process that records every webhook call with its headers and body; while
/// <see cref="Failing"/> it answers 503 (and still records the call, in <see cref="Refused"/>).
/// </summary>
public sealed class FakeWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<(string Timestamp, string Signature, string Body)> Calls { get; } = new();
    public ConcurrentQueue<string> IdempotencyKeys { get; } = new();
    public ConcurrentQueue<string> Refused { get; } = new();
    private volatile bool _failing;

    public bool Failing { get => _failing; set => _failing = value; }
    public string Url { get; }

    private FakeWebhookReceiver(WebApplication app, string url) => (_app, Url) = (app, url);

    public static async Task<FakeWebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var port = FakeSmtpServer.FreePort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new FakeWebhookReceiver(app, $"http://127.0.0.1:{port}/hook");
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            var key = request.Headers["Idempotency-Key"].ToString();
            if (receiver.Failing)
            {
                receiver.Refused.Enqueue(key);
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            receiver.IdempotencyKeys.Enqueue(key);
            using var reader = new StreamReader(request.Body);
            receiver.Calls.Enqueue((request.Headers["X-Safeguard-Timestamp"].ToString(), request.Headers["X-Safeguard-Signature"].ToString(), await reader.ReadToEndAsync()));
            return Results.NoContent();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Safeguard.Web.Tests.Infrastructure;

/// <summary>
/// A TCP relay on a loopback port in front of a server (the test PostgreSQL), which a test can cut — every open
/// connection reset and new ones refused, as when the database is stopped — and restore on the same port.
/// </summary>
public sealed class CuttableProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private TcpListener? _listener;
    private CancellationTokenSource _stop = new();

    public int Port { get; }

    public bool IsCut => _listener is null;

    public CuttableProxy(string host, int port)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        Restore();
    }

    /// <summary>Routes this connection string through the proxy.</summary>
    public static (CuttableProxy Proxy, string ConnectionString) Around(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var proxy = new CuttableProxy(builder.Host!, builder.Port);
        (builder.Host, builder.Port) = ("127.0.0.1", proxy.Port);
        return (proxy, builder.ToString());
    }

    /// <summary>The database goes away: every connection through the proxy is reset and new ones are refused.</summary>
    public void Cut()
    {
        _stop.Cancel();
        _listener?.Stop();
        _listener = null;
        foreach (var client in _open.Keys)
        {
            try
            {
                if (client.Client is { } socket) socket.LingerState = new LingerOption(true, 0); // reset, not a polite close
            }
            catch (ObjectDisposedException)
            {
                // Its relay closed it meanwhile.
            }
            client.Dispose();
        }
        _open.Clear();
    }

    /// <summary>The database is back on the same address.</summary>
    public void Restore()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        var listener = _listener;
        var stop = _stop.Token;
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient incoming;
                try
                {
                    incoming = await listener.AcceptTcpClientAsync(stop);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = RelayAsync(incoming, stop);
            }
        }, CancellationToken.None);
    }

    private async Task RelayAsync(TcpClient incoming, CancellationToken stop)
    {
        var outgoing = new TcpClient();
        _open[incoming] = 0;
        _open[outgoing] = 0;
        try
        {
            await outgoing.ConnectAsync(_target, stop);
            var a = incoming.GetStream();
            var b = outgoing.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, stop), b.CopyToAsync(a, stop));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _open.TryRemove(incoming, out _);
            _open.TryRemove(outgoing, out _);
            incoming.Dispose();
            outgoing.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}

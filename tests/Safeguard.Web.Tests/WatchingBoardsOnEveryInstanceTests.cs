using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Safeguard.App.Access;
using Safeguard.App.Clocks;
using Safeguard.Web.Hosting;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>On PostgreSQL a change committed anywhere wakes every instance's boards and engine at once (LISTEN/NOTIFY); polling is only the fallback.</summary>
public class WatchingBoardsOnEveryInstanceTests
{
    [Fact]
    public async Task AChangeOnOneInstanceOrTheCommandLine_WakesAnother_WithoutWaitingForItsPoll()
    {
        // Both instances poll only every ten minutes: only the database's notification can wake them sooner.
        await using var a = await SafeguardApp.StartAsync(Provider.Postgres, settings: new Dictionary<string, string?> { ["Boards:IdleSeconds"] = "600" });
        await using var b = await a.StartAnotherInstanceAsync();
        var listener = b.Services.GetRequiredService<ChangeListener>();
        for (var waited = 0; waited < 100 && !listener.Listening; waited++) await Task.Delay(50);
        Assert.True(listener.Listening);
        using var woken = b.Services.GetRequiredService<ChangeSignal>().Subscribe();

        using var cc = await a.CreateClientAsync(Roles.CommandAndControl);
        var timer = Stopwatch.StartNew();
        var created = await cc.PostAsJsonAsync("/api/incidents", new { reference = "ELSEWHERE-1", createdAt = a.Now.ToString(), grade = "priority", childrenInvolved = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(await woken.WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None), "instance B was not told of instance A's change");
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(2), $"told after {timer.Elapsed}");

        // A rejected change commits nothing, so it tells no one.
        var refused = await cc.PostAsJsonAsync("/api/incidents", new { reference = "ELSEWHERE-1", createdAt = a.Now.ToString(), grade = "priority", childrenInvolved = true });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.False(await woken.WaitAsync(TimeSpan.FromMilliseconds(500), TimeProvider.System, CancellationToken.None), "told of a change that did not commit");

        var import = await a.RunCliAsync("import", "incidents", a.WriteFile("reference,created_at,grade,children_involved\nELSEWHERE-2,2024-02-01T10:00:00Z,priority,true\n"));
        Assert.Equal(0, import.ExitCode);
        Assert.True(await woken.WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None), "instance B was not told of the import");
    }
}

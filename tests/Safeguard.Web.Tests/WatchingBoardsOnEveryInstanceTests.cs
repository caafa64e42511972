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
        await SafeguardApp.EventuallyAsync(() => Task.FromResult(listener.Listening), "instance B listening");
        using var woken = b.Services.GetRequiredService<ChangeSignal>().Subscribe();

        using var cc = await a.CreateClientAsync(Roles.CommandAndControl);
        var created = await cc.PostAsJsonAsync("/api/incidents", new { reference = "ELSEWHERE-1", createdAt = a.Now.ToString(), grade = "priority", childrenInvolved = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // Its poll is ten minutes away, so being told at all within a minute is being told by the database.
        Assert.True(await woken.WaitAsync(TimeSpan.FromMinutes(1), TimeProvider.System, CancellationToken.None), "instance B was not told of instance A's change");

        // A rejected change commits nothing, so it tells no one.
        var refused = await cc.PostAsJsonAsync("/api/incidents", new { reference = "ELSEWHERE-1", createdAt = a.Now.ToString(), grade = "priority", childrenInvolved = true });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.False(await woken.WaitAsync(TimeSpan.FromMilliseconds(500), TimeProvider.System, CancellationToken.None), "told of a change that did not commit");

        var import = await a.RunCliAsync("import", "incidents", a.WriteFile("reference,created_at,grade,children_involved\nELSEWHERE-2,2024-02-01T10:00:00Z,priority,true\n"));
        Assert.Equal(0, import.ExitCode);
        Assert.True(await woken.WaitAsync(TimeSpan.FromMinutes(1), TimeProvider.System, CancellationToken.None), "instance B was not told of the import");
    }
}

using NodaTime;
using NodaTime.Extensions;
using Safeguard.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

// The one place this host reads the system clock. Tests replace TimeProvider with FakeTimeProvider.
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IClock>(sp => sp.GetRequiredService<TimeProvider>().ToClock());

builder.AddSafeguardWeb();
var app = builder.Build();
app.UseSafeguardWeb();
await app.RunAsync();

/// <summary>The web host; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;

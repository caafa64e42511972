using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Safeguard.Web.Access;

namespace Safeguard.Web.Boards;

/// <summary>Open boards listen here for "changed" and then fetch their rows again (no personal data is pushed).</summary>
[Authorize(Policy = Policies.WatchBoard)]
public sealed class BoardHub : Hub;

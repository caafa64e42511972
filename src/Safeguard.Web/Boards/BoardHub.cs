using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Safeguard.Web.Boards;

/// <summary>
/// Open boards listen here for "changed" and then fetch their rows again, which each page authorises by role. Nothing
/// but that one word is pushed, so any signed-in person may listen.
/// </summary>
[Authorize]
public sealed class BoardHub : Hub;

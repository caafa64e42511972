using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Safeguard.Web.Boards;

/// <summary>
/// Open boards listen here for "changed" and then fetch their rows again, which each page authorises by role. Nothing
/// but that one word is pushed, and only to those who may open a board: a partner is not told when the force's records
/// change.
/// </summary>
[Authorize(Policy = Policies.WatchLiveBoards)]
public sealed class BoardHub : Hub;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Safeguard.Web.Pages.Admin;

/// <summary>For administrators: what they keep (apart from every operational record).</summary>
[Authorize(Policy = Policies.Administer)]
public sealed class IndexModel : PageModel;

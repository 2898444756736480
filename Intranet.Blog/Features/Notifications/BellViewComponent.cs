using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Notifications;

/// The header's bell with the server-rendered unread count; live.js keeps it current afterwards.
public sealed class BellViewComponent(NotificationStore store) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View("~/Features/Notifications/_Bell.cshtml", await store.UnreadCountAsync(UserClaimsPrincipal.Id(), HttpContext.RequestAborted));
}

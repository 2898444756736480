using Intranet.Blog.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Questions;

/// The department page's "Antworten" section: its target, the open questions and the monthly figures. A component,
/// so the department page needs one line and Departments does not depend on Questions' services.
public sealed class ResponseFiguresViewComponent(QuestionService questions) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(long departmentId) =>
        View("~/Features/Questions/_Figures.cshtml", await questions.FiguresAsync(UserClaimsPrincipal.AsViewer(), departmentId, HttpContext.RequestAborted));
}

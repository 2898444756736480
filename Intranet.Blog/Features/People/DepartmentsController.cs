using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.People;

public sealed class DepartmentsController(DepartmentStore departments) : Controller
{
    [HttpGet("/departments")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("~/Features/People/Departments.cshtml", await departments.ListAsync(ct));
}

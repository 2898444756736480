using Intranet.Blog.Infrastructure.Markdown;

namespace Intranet.Blog.Features.Comments;

public static class CommentsSetup
{
    public static IServiceCollection AddComments(this IServiceCollection services)
    {
        services.AddSingleton<CommentStore>();
        services.AddScoped<CommentService>();
        services.AddSingleton<IStoredMarkdown, CommentBodies>();
        return services;
    }
}

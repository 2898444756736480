namespace Intranet.Blog.Features.Comments;

public static class CommentsSetup
{
    public static IServiceCollection AddComments(this IServiceCollection services)
    {
        services.AddSingleton<CommentStore>();
        services.AddScoped<CommentService>();
        return services;
    }
}

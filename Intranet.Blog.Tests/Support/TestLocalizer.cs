using Intranet.Blog;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Tests.Support;

/// The app's resource texts without an app, as the views ask for them: for tests of the code that writes sentences.
public static class TestLocalizer
{
    public static IStringLocalizer Shared { get; } = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(SharedResource));
}

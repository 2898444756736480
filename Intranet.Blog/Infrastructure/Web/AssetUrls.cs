using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace Intranet.Blog.Infrastructure.Web;

/// The layout's scripts and style sheet with ?v= and a hash of their content, as asp-append-version writes them, but
/// hashed once per file rather than found through a tag helper and the file cache ten times on every page. During
/// development a file changes under the running app, so there it is hashed on each use.
public sealed class AssetUrls(IWebHostEnvironment environment)
{
    private readonly ConcurrentDictionary<string, string> _urls = new(StringComparer.Ordinal);

    public string this[string path] => environment.IsDevelopment() ? Versioned(path) : _urls.GetOrAdd(path, Versioned);

    private string Versioned(string path)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(path);
        if (!file.Exists)
        {
            return path;
        }

        using var stream = file.CreateReadStream();
        // 16 characters (96 bits) tell versions apart as well as 43 did; a page names a dozen assets.
        return path + "?v=" + WebEncoders.Base64UrlEncode(SHA256.HashData(stream))[..16];
    }
}

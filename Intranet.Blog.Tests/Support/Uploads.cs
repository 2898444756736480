using System.Net.Http.Headers;
using Dapper;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Tests.Support;

public sealed record UploadFile(string FileName, byte[] Content, string ContentType = "application/octet-stream");

/// Multipart form posts as a browser sends them, and what the upload directory holds.
public static class Uploads
{
    public static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string tokenPage, string url, Dictionary<string, string> fields,
        string fileField, UploadFile? file, string? accept = null)
    {
        var token = await TestData.TokenAsync(client, tokenPage);
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields.Append(new("__RequestVerificationToken", token)))
        {
            content.Add(new StringContent(value), name);
        }

        if (file is not null)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
            // Set by hand: HttpClient would quote and escape the name, and tests need to send exactly what an attacker could.
            part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = $"\"{fileField}\"", FileName = $"\"{file.FileName}\"" };
            content.Add(part);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return await client.SendAsync(request);
    }

    public static string Directory(BlogAppFactory app) => Path.Combine(app.DataDirectory, "uploads");

    /// Every file in the upload directory, temporary ones included: a refused upload must leave none behind.
    public static int FileCount(BlogAppFactory app) =>
        System.IO.Directory.Exists(Directory(app)) ? System.IO.Directory.GetFiles(Directory(app)).Length : 0;

    public static Task<long> RowCountAsync(BlogAppFactory app, long ownerId) =>
        TestData.ScalarAsync<long>(app, "SELECT COUNT(*) FROM uploads WHERE owner_id = @ownerId", new { ownerId });

    public static async Task ExecuteAsync(BlogAppFactory app, string sql, object args)
    {
        await using var scope = await app.Service<Database>().BeginWriteAsync();
        await scope.Connection.ExecuteAsync(sql, args, scope.Transaction);
        await scope.CommitAsync();
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Intranet.Blog.Tests.Support;

/// What is wrong with the id_token the provider issues; each one the app must refuse.
public enum TokenDefect { None, WrongAudience, WrongIssuer, Expired, BadSignature, WrongNonce, Unsigned }

/// The person the next /authorize answers for: the id_token's claims, a defect, or a refusal (access_denied).
public sealed record TestLogin(IReadOnlyDictionary<string, object> Claims, TokenDefect Defect = TokenDefect.None, bool Deny = false)
{
    public static TestLogin For(string sub, string? email = null, bool emailVerified = true, string? name = null, TokenDefect defect = TokenDefect.None)
    {
        var claims = new Dictionary<string, object> { ["sub"] = sub };
        if (email is not null)
        {
            claims["email"] = email;
            claims["email_verified"] = emailVerified;
        }

        if (name is not null)
        {
            claims["name"] = name;
        }

        return new TestLogin(claims, defect);
    }
}

/// A minimal OpenID Connect provider on loopback: discovery, JWKS with an RSA key, /authorize that answers at once
/// with a code for the login the test set, and /token that checks the client's credentials, the redirect address and
/// the PKCE verifier against the challenge before it issues the id_token. Enough of the protocol to drive the
/// framework's real handler; everything it refuses is recorded in Refusals.
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "intranet-blog";
    private const string KeyId = "test-key";

    private readonly RSA _key = RSA.Create(2048);
    // The same key id with another key: what a forged signature looks like to the app.
    private readonly RSA _otherKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly ConcurrentQueue<string> _refusals = new();
    private readonly ConcurrentQueue<string> _issued = new();
    private WebApplication _app = null!;

    public string ClientSecret { get; } = "client-secret-" + Guid.NewGuid().ToString("N");

    /// The issuer and the app's Authority: http://127.0.0.1:port, no trailing slash.
    public string Issuer { get; private set; } = "";

    /// The login the next /authorize answers with; taken by it.
    public TestLogin? Next { get; set; }

    /// The query of the last /authorize request, as the app's handler sent it.
    public IReadOnlyDictionary<string, string> LastAuthorize { get; private set; } = new Dictionary<string, string>();

    /// What /authorize or /token refused and why.
    public IReadOnlyCollection<string> Refusals => _refusals;

    /// Every id_token and code issued, to check that none reaches the logs.
    public IReadOnlyCollection<string> Issued => _issued;

    private sealed record Grant(TestLogin Login, string Nonce, string Challenge, string RedirectUri);

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var provider = new TestIdentityProvider();
        // Content root away from the tests' directory: the app's appsettings.json there (Kestrel endpoints, log levels)
        // is not the provider's.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            EnvironmentName = "TestIdentityProvider",
            ContentRootPath = Path.GetTempPath(),
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        provider._app = builder.Build();
        provider.Map(provider._app);
        await provider._app.StartAsync();
        provider.Issuer = provider._app.Urls.First().TrimEnd('/');
        return provider;
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["jwks_uri"] = Issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        }));

        app.MapGet("/jwks", () =>
        {
            var key = _key.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64UrlEncoder.Encode(key.Modulus), e = Base64UrlEncoder.Encode(key.Exponent) } } });
        });

        app.MapGet("/authorize", Authorize);
        app.MapPost("/token", TokenAsync);
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        LastAuthorize = query;
        var login = Next;
        Next = null;
        var redirect = query.GetValueOrDefault("redirect_uri", "");
        string? problem = login is null ? "no login prepared"
            : query.GetValueOrDefault("client_id") != ClientId ? "unknown client"
            : query.GetValueOrDefault("response_type") != "code" ? "not the code flow"
            : query.GetValueOrDefault("code_challenge_method") != "S256" || string.IsNullOrEmpty(query.GetValueOrDefault("code_challenge")) ? "no S256 code challenge"
            : string.IsNullOrEmpty(query.GetValueOrDefault("nonce")) ? "no nonce"
            : !Uri.TryCreate(redirect, UriKind.Absolute, out _) ? "no redirect address"
            : null;
        if (problem is not null)
        {
            return Refuse("authorize: " + problem);
        }

        var state = Uri.EscapeDataString(query.GetValueOrDefault("state", ""));
        if (login!.Deny)
        {
            return Results.Redirect($"{redirect}?error=access_denied&state={state}");
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        _codes[code] = new Grant(login, query["nonce"], query["code_challenge"], redirect);
        _issued.Enqueue(code);
        return Results.Redirect($"{redirect}?code={code}&state={state}&iss={Uri.EscapeDataString(Issuer)}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (clientId, secret) = ClientCredentials(request, form);
        if (clientId != ClientId || secret != ClientSecret)
        {
            return Refuse("token: client credentials", "invalid_client", StatusCodes.Status401Unauthorized);
        }

        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant))
        {
            return Refuse("token: unknown or used code", "invalid_grant");
        }

        if (form["redirect_uri"] != grant.RedirectUri)
        {
            return Refuse("token: another redirect address", "invalid_grant");
        }

        var verifier = form["code_verifier"].ToString();
        if (Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != grant.Challenge)
        {
            return Refuse("token: the PKCE verifier does not match the challenge", "invalid_grant");
        }

        var idToken = IdToken(grant);
        _issued.Enqueue(idToken);
        return Results.Json(new { access_token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24)), token_type = "Bearer", expires_in = 300, id_token = idToken });
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        return (form["client_id"], form["client_secret"]);
    }

    private string IdToken(Grant grant)
    {
        var defect = grant.Login.Defect;
        var now = DateTime.UtcNow;
        var issued = defect == TokenDefect.Expired ? now.AddHours(-2) : now;
        var claims = new Dictionary<string, object>(grant.Login.Claims)
        {
            ["nonce"] = defect == TokenDefect.WrongNonce ? "a-nonce-from-another-sign-in" : grant.Nonce,
        };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = defect == TokenDefect.WrongIssuer ? "https://evil.example" : Issuer,
            Audience = defect == TokenDefect.WrongAudience ? "another-client" : ClientId,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = issued.AddHours(1),
            Claims = claims,
            SigningCredentials = defect == TokenDefect.Unsigned ? null
                : new SigningCredentials(new RsaSecurityKey(defect == TokenDefect.BadSignature ? _otherKey : _key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    private IResult Refuse(string why, string error = "invalid_request", int status = StatusCodes.Status400BadRequest)
    {
        _refusals.Enqueue(why);
        return Results.Json(new { error, error_description = why }, statusCode: status);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
        _otherKey.Dispose();
    }
}

using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>
/// One provider's documented wire format (<c>Providers/&lt;id&gt;/fixture.json</c>, schema <c>Providers/fixture.schema.json</c>):
/// what the app must send to it, in order, what it answers, and the user the app must make of it.
/// </summary>
public sealed record ProviderFixture
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    /// <summary>The catalog id; equals the fixture's folder name.</summary>
    public required string Provider { get; init; }

    /// <summary>Where the provider documents the facts the fixture encodes.</summary>
    public IReadOnlyList<string> Docs { get; init; } = [];

    /// <summary>Free text: where the fixture knowingly differs from the docs, and why.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>App settings <c>OAuth__Providers__&lt;id&gt;__&lt;name&gt;</c>: ClientId, ClientSecret and any extra (Tenant, TeamId).</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    public required AuthorizeExpectation Authorize { get; init; }

    public required CallbackSpec Callback { get; init; }

    /// <summary>How the replay server mints the id_token that <c>{id_token}</c> in an answer stands for (OIDC).</summary>
    public IdTokenSpec? IdToken { get; init; }

    /// <summary>Every outbound request the sign-in makes, in order, each with its canned answer.</summary>
    public required IReadOnlyList<Exchange> Requests { get; init; }

    /// <summary>The user exactly as <c>GET /api/auth/me</c> returns it.</summary>
    public required JsonObject User { get; init; }

    public IReadOnlyList<FailureCase> Failures { get; init; } = [];
}

/// <summary>The provider authorization URL the login must redirect to.</summary>
public sealed record AuthorizeExpectation
{
    /// <summary>Scheme, host and path; no query.</summary>
    public required string Url { get; init; }

    /// <summary>Every query parameter, and no others; values are templates (<c>{state}</c>, <c>{any}</c>, ...).</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>The fragment without <c>#</c> (WeChat's <c>wechat_redirect</c>); null: the URL has none.</summary>
    public string? Fragment { get; init; }
}

/// <summary>How the provider sends the browser back to the app's callback.</summary>
public sealed record CallbackSpec
{
    /// <summary><c>GET</c> (query) or <c>POST</c> (form_post).</summary>
    public string Method { get; init; } = "GET";

    /// <summary>The authorization code; <c>{code}</c> stands for it everywhere else.</summary>
    public required string Code { get; init; }

    /// <summary>Every parameter sent, with the provider's names (<c>code</c>, Alipay's <c>auth_code</c>, Apple's <c>user</c>).</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }
}

/// <summary>An id_token the replay server signs: the fixture's claims plus aud, nonce, iat and exp unless the claims set them.</summary>
public sealed record IdTokenSpec
{
    /// <summary>RS256 or ES256 (key served as JWKS by <c>"jwks": true</c>), or HS256 (keyed with the client secret).</summary>
    public string Alg { get; init; } = "RS256";

    public string? Kid { get; init; }

    public int LifetimeSeconds { get; init; } = 3600;

    /// <summary>String values are templates; a null value leaves the claim out.</summary>
    public required JsonObject Claims { get; init; }
}

/// <summary>One request the app must make, and what the provider answers.</summary>
public sealed record Exchange
{
    /// <summary>Unique in the fixture (<c>discovery</c>, <c>token</c>, <c>userinfo</c>): failure cases and messages use it.</summary>
    public required string Name { get; init; }

    public required ExpectedRequest Request { get; init; }

    public required CannedResponse Response { get; init; }
}

/// <summary>What a request must look like.</summary>
public sealed record ExpectedRequest
{
    public required string Method { get; init; }

    /// <summary>The real documented URL; its query parameters are compared as a set, values as templates.</summary>
    public required string Url { get; init; }

    /// <summary>Headers that must be present with these values (templates); a null value: must be absent. Others are ignored.</summary>
    public IReadOnlyDictionary<string, string?> Headers { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// Where the client credentials go: <c>basic</c> (RFC 6749 §2.3.1 Authorization header), <c>form</c> (client_id and
    /// client_secret form fields, added to the body's), <c>inline</c> (the fixture's own templates place them), <c>jwt</c>
    /// (a signed client_secret, see <see cref="Assertion"/>), <c>none</c> (a public client). Null: a request that carries no
    /// client credentials. Whatever the mode, the secret must not appear anywhere else.
    /// </summary>
    public string? ClientAuth { get; init; }

    public ClientAssertion? Assertion { get; init; }

    /// <summary>Null: the request has no body.</summary>
    public ExpectedBody? Body { get; init; }
}

/// <summary>Exactly one of form, json or text.</summary>
public sealed record ExpectedBody
{
    /// <summary>application/x-www-form-urlencoded: exactly these fields.</summary>
    public IReadOnlyDictionary<string, string>? Form { get; init; }

    /// <summary>application/json: exactly this value; strings are templates.</summary>
    public JsonNode? Json { get; init; }

    /// <summary>Any other body, as a template.</summary>
    public string? Text { get; init; }
}

/// <summary>A client_secret (or client_assertion) that is a JWT the app signs, as Apple's ES256 one.</summary>
public sealed record ClientAssertion
{
    /// <summary>The form field that carries it.</summary>
    public string Field { get; init; } = "client_secret";

    public string Alg { get; init; } = "ES256";

    /// <summary>PEM public key the JWT must verify with.</summary>
    public required string PublicKey { get; init; }

    /// <summary>Header values that must be present (kid); templates.</summary>
    public IReadOnlyDictionary<string, string> Header { get; init; } = new Dictionary<string, string>();

    /// <summary>Every claim but iat and exp (which must be present and current); string values are templates.</summary>
    public required JsonObject Claims { get; init; }

    /// <summary>The longest exp - iat the provider accepts (Apple: six months).</summary>
    public long? MaxLifetimeSeconds { get; init; }
}

/// <summary>A provider's canned answer.</summary>
public sealed record CannedResponse
{
    public int Status { get; init; } = 200;

    /// <summary>Defaults to application/json for json and jwks, text/plain for text.</summary>
    public string? ContentType { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>A JSON body; string values are templates (<c>{id_token}</c> is the minted token).</summary>
    public JsonNode? Json { get; init; }

    /// <summary>A raw body (form-encoded, JSONP); a template.</summary>
    public string? Text { get; init; }

    /// <summary>True: the JWKS of the key the id_token is signed with.</summary>
    public bool Jwks { get; init; }
}

/// <summary>A provider answer gone wrong, and the error the SPA must get for it.</summary>
public sealed record FailureCase
{
    public required string Name { get; init; }

    /// <summary>Answers replaced, by request name.</summary>
    public IReadOnlyDictionary<string, CannedResponse> Replace { get; init; } = new Dictionary<string, CannedResponse>();

    /// <summary>Claims merged into the minted id_token (null removes one).</summary>
    public JsonObject? IdTokenClaims { get; init; }

    /// <summary>The last request the app may make; defaults to the last replaced one.</summary>
    public string? LastRequest { get; init; }

    /// <summary>The code the SPA gets as <c>return_url#error=&lt;code&gt;</c>.</summary>
    public required string Error { get; init; }
}

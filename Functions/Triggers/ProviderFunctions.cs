using AuthFunctions.Http;
using Microsoft.Azure.Functions.Worker;

namespace AuthFunctions.Triggers;

/// <summary>
/// One function per catalog provider, <c>auth/{id}/{action}</c> (login, callback GET and POST, logout), so each can
/// be switched off on its own (<c>AzureWebJobs.{id}.Disabled</c>). A test holds this list equal to the catalog.
/// </summary>
public sealed class ProviderFunctions(AuthHttp http, ProviderEndpoints endpoints)
{
    [Function("amazon")]
    public Task<IResult> Amazon([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/amazon/{action}")] HttpRequest req, string action) =>
        Run("amazon", action, req);

    /// <summary>Sign in with Apple: its callback is a form POST (response_mode=form_post).</summary>
    [Function("apple")]
    public Task<IResult> Apple([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/apple/{action}")] HttpRequest req, string action) =>
        Run("apple", action, req);

    [Function("atlassian")]
    public Task<IResult> Atlassian([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/atlassian/{action}")] HttpRequest req, string action) =>
        Run("atlassian", action, req);

    [Function("bitbucket")]
    public Task<IResult> Bitbucket([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/bitbucket/{action}")] HttpRequest req, string action) =>
        Run("bitbucket", action, req);

    [Function("discord")]
    public Task<IResult> Discord([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/discord/{action}")] HttpRequest req, string action) =>
        Run("discord", action, req);

    [Function("facebook")]
    public Task<IResult> Facebook([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/facebook/{action}")] HttpRequest req, string action) =>
        Run("facebook", action, req);

    [Function("github")]
    public Task<IResult> GitHub([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/github/{action}")] HttpRequest req, string action) =>
        Run("github", action, req);

    [Function("gitlab")]
    public Task<IResult> GitLab([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/gitlab/{action}")] HttpRequest req, string action) =>
        Run("gitlab", action, req);

    [Function("google")]
    public Task<IResult> Google([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/google/{action}")] HttpRequest req, string action) =>
        Run("google", action, req);

    [Function("linkedin")]
    public Task<IResult> LinkedIn([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/linkedin/{action}")] HttpRequest req, string action) =>
        Run("linkedin", action, req);

    [Function("microsoft")]
    public Task<IResult> Microsoft([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/microsoft/{action}")] HttpRequest req, string action) =>
        Run("microsoft", action, req);

    [Function("slack")]
    public Task<IResult> Slack([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/slack/{action}")] HttpRequest req, string action) =>
        Run("slack", action, req);

    [Function("spotify")]
    public Task<IResult> Spotify([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/spotify/{action}")] HttpRequest req, string action) =>
        Run("spotify", action, req);

    [Function("twitch")]
    public Task<IResult> Twitch([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/twitch/{action}")] HttpRequest req, string action) =>
        Run("twitch", action, req);

    [Function("x")]
    public Task<IResult> X([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/x/{action}")] HttpRequest req, string action) =>
        Run("x", action, req);

    /// <summary>The Development-only dev provider: its sign-in page (<c>authorize</c>) and the demo SPA (<c>demo</c>) too.</summary>
    [Function("dev")]
    public Task<IResult> Dev([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/dev/{action}")] HttpRequest req, string action) =>
        Run("dev", action, req);

    private Task<IResult> Run(string provider, string action, HttpRequest request) =>
        http.RunAsync(request, context => endpoints.HandleAsync(provider, action, context), spaCors: false);
}

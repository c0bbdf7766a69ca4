using AuthFunctions.Http;
using Microsoft.Azure.Functions.Worker;

namespace AuthFunctions.Triggers;

/// <summary>
/// One function per catalog provider, <c>auth/{id}/{action}</c> (login, callback GET and POST, logout), so each can
/// be switched off on its own (<c>AzureWebJobs.{id}.Disabled</c>). A test holds this list equal to the catalog.
/// </summary>
public sealed class ProviderFunctions(AuthHttp http, ProviderEndpoints endpoints)
{
    /// <summary>Sign in with Apple: its callback is a form POST (response_mode=form_post).</summary>
    [Function("apple")]
    public Task<IResult> Apple([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/apple/{action}")] HttpRequest req, string action) =>
        Run("apple", action, req);

    [Function("baidu")]
    public Task<IResult> Baidu([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/baidu/{action}")] HttpRequest req, string action) =>
        Run("baidu", action, req);

    [Function("douyin")]
    public Task<IResult> Douyin([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/douyin/{action}")] HttpRequest req, string action) =>
        Run("douyin", action, req);

    [Function("github")]
    public Task<IResult> GitHub([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/github/{action}")] HttpRequest req, string action) =>
        Run("github", action, req);

    [Function("google")]
    public Task<IResult> Google([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/google/{action}")] HttpRequest req, string action) =>
        Run("google", action, req);

    [Function("kakao")]
    public Task<IResult> Kakao([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/kakao/{action}")] HttpRequest req, string action) =>
        Run("kakao", action, req);

    [Function("line")]
    public Task<IResult> Line([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/line/{action}")] HttpRequest req, string action) =>
        Run("line", action, req);

    [Function("microsoft")]
    public Task<IResult> Microsoft([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/microsoft/{action}")] HttpRequest req, string action) =>
        Run("microsoft", action, req);

    [Function("naver")]
    public Task<IResult> Naver([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/naver/{action}")] HttpRequest req, string action) =>
        Run("naver", action, req);

    [Function("vk")]
    public Task<IResult> Vk([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/vk/{action}")] HttpRequest req, string action) =>
        Run("vk", action, req);

    [Function("weibo")]
    public Task<IResult> Weibo([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/weibo/{action}")] HttpRequest req, string action) =>
        Run("weibo", action, req);

    [Function("yandex")]
    public Task<IResult> Yandex([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/yandex/{action}")] HttpRequest req, string action) =>
        Run("yandex", action, req);

    /// <summary>The Development-only dev provider: its sign-in page (<c>authorize</c>) and the demo SPA (<c>demo</c>) too.</summary>
    [Function("dev")]
    public Task<IResult> Dev([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/dev/{action}")] HttpRequest req, string action) =>
        Run("dev", action, req);

    private Task<IResult> Run(string provider, string action, HttpRequest request) =>
        http.RunAsync(request, context => endpoints.HandleAsync(provider, action, context), spaCors: false);
}

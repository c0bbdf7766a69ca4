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

    [Function("auth0")]
    public Task<IResult> Auth0([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/auth0/{action}")] HttpRequest req, string action) =>
        Run("auth0", action, req);

    [Function("baidu")]
    public Task<IResult> Baidu([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/baidu/{action}")] HttpRequest req, string action) =>
        Run("baidu", action, req);

    [Function("bitbucket")]
    public Task<IResult> Bitbucket([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/bitbucket/{action}")] HttpRequest req, string action) =>
        Run("bitbucket", action, req);

    [Function("cognito")]
    public Task<IResult> Cognito([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/cognito/{action}")] HttpRequest req, string action) =>
        Run("cognito", action, req);

    [Function("dingtalk")]
    public Task<IResult> DingTalk([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/dingtalk/{action}")] HttpRequest req, string action) =>
        Run("dingtalk", action, req);

    [Function("discord")]
    public Task<IResult> Discord([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/discord/{action}")] HttpRequest req, string action) =>
        Run("discord", action, req);

    [Function("douyin")]
    public Task<IResult> Douyin([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/douyin/{action}")] HttpRequest req, string action) =>
        Run("douyin", action, req);

    [Function("dropbox")]
    public Task<IResult> Dropbox([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/dropbox/{action}")] HttpRequest req, string action) =>
        Run("dropbox", action, req);

    [Function("facebook")]
    public Task<IResult> Facebook([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/facebook/{action}")] HttpRequest req, string action) =>
        Run("facebook", action, req);

    [Function("feishu")]
    public Task<IResult> Feishu([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/feishu/{action}")] HttpRequest req, string action) =>
        Run("feishu", action, req);

    [Function("gitee")]
    public Task<IResult> Gitee([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/gitee/{action}")] HttpRequest req, string action) =>
        Run("gitee", action, req);

    [Function("github")]
    public Task<IResult> GitHub([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/github/{action}")] HttpRequest req, string action) =>
        Run("github", action, req);

    [Function("gitlab")]
    public Task<IResult> GitLab([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/gitlab/{action}")] HttpRequest req, string action) =>
        Run("gitlab", action, req);

    [Function("google")]
    public Task<IResult> Google([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/google/{action}")] HttpRequest req, string action) =>
        Run("google", action, req);

    [Function("kakao")]
    public Task<IResult> Kakao([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/kakao/{action}")] HttpRequest req, string action) =>
        Run("kakao", action, req);

    [Function("keycloak")]
    public Task<IResult> Keycloak([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/keycloak/{action}")] HttpRequest req, string action) =>
        Run("keycloak", action, req);

    [Function("lark")]
    public Task<IResult> Lark([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/lark/{action}")] HttpRequest req, string action) =>
        Run("lark", action, req);

    [Function("line")]
    public Task<IResult> Line([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/line/{action}")] HttpRequest req, string action) =>
        Run("line", action, req);

    [Function("linkedin")]
    public Task<IResult> LinkedIn([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/linkedin/{action}")] HttpRequest req, string action) =>
        Run("linkedin", action, req);

    [Function("linuxdo")]
    public Task<IResult> LinuxDo([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/linuxdo/{action}")] HttpRequest req, string action) =>
        Run("linuxdo", action, req);

    [Function("microsoft")]
    public Task<IResult> Microsoft([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/microsoft/{action}")] HttpRequest req, string action) =>
        Run("microsoft", action, req);

    [Function("naver")]
    public Task<IResult> Naver([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/naver/{action}")] HttpRequest req, string action) =>
        Run("naver", action, req);

    [Function("notion")]
    public Task<IResult> Notion([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/notion/{action}")] HttpRequest req, string action) =>
        Run("notion", action, req);

    [Function("okta")]
    public Task<IResult> Okta([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/okta/{action}")] HttpRequest req, string action) =>
        Run("okta", action, req);

    [Function("oschina")]
    public Task<IResult> OsChina([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/oschina/{action}")] HttpRequest req, string action) =>
        Run("oschina", action, req);

    [Function("patreon")]
    public Task<IResult> Patreon([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/patreon/{action}")] HttpRequest req, string action) =>
        Run("patreon", action, req);

    [Function("qq")]
    public Task<IResult> Qq([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/qq/{action}")] HttpRequest req, string action) =>
        Run("qq", action, req);

    [Function("reddit")]
    public Task<IResult> Reddit([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/reddit/{action}")] HttpRequest req, string action) =>
        Run("reddit", action, req);

    [Function("salesforce")]
    public Task<IResult> Salesforce([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/salesforce/{action}")] HttpRequest req, string action) =>
        Run("salesforce", action, req);

    [Function("slack")]
    public Task<IResult> Slack([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/slack/{action}")] HttpRequest req, string action) =>
        Run("slack", action, req);

    [Function("spotify")]
    public Task<IResult> Spotify([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/spotify/{action}")] HttpRequest req, string action) =>
        Run("spotify", action, req);

    [Function("strava")]
    public Task<IResult> Strava([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/strava/{action}")] HttpRequest req, string action) =>
        Run("strava", action, req);

    [Function("twitch")]
    public Task<IResult> Twitch([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/twitch/{action}")] HttpRequest req, string action) =>
        Run("twitch", action, req);

    [Function("vk")]
    public Task<IResult> Vk([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/vk/{action}")] HttpRequest req, string action) =>
        Run("vk", action, req);

    [Function("wechat")]
    public Task<IResult> WeChat([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/wechat/{action}")] HttpRequest req, string action) =>
        Run("wechat", action, req);

    [Function("wechat-mp")]
    public Task<IResult> WeChatMp([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/wechat-mp/{action}")] HttpRequest req, string action) =>
        Run("wechat-mp", action, req);

    [Function("weibo")]
    public Task<IResult> Weibo([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/weibo/{action}")] HttpRequest req, string action) =>
        Run("weibo", action, req);

    [Function("x")]
    public Task<IResult> X([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/x/{action}")] HttpRequest req, string action) =>
        Run("x", action, req);

    [Function("yahoo")]
    public Task<IResult> Yahoo([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/yahoo/{action}")] HttpRequest req, string action) =>
        Run("yahoo", action, req);

    [Function("yandex")]
    public Task<IResult> Yandex([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/yandex/{action}")] HttpRequest req, string action) =>
        Run("yandex", action, req);

    [Function("zoom")]
    public Task<IResult> Zoom([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/zoom/{action}")] HttpRequest req, string action) =>
        Run("zoom", action, req);

    /// <summary>The Development-only dev provider: its sign-in page (<c>authorize</c>) and the demo SPA (<c>demo</c>) too.</summary>
    [Function("dev")]
    public Task<IResult> Dev([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/dev/{action}")] HttpRequest req, string action) =>
        Run("dev", action, req);

    private Task<IResult> Run(string provider, string action, HttpRequest request) =>
        http.RunAsync(request, context => endpoints.HandleAsync(provider, action, context), spaCors: false);
}

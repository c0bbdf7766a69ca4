namespace AuthFunctions.Hosting;

/// <summary>Configuration both hosts add before the app is built: in Development, local.settings.json and embedded defaults.</summary>
internal static class AppConfiguration
{
    public const string DefaultUrl = "http://localhost:7071";

    public static void Apply(IConfigurationManager configuration, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment())
        {
            return;
        }

        configuration.AddLocalSettings(environment.ContentRootPath);
        AddDevelopmentDefaults(configuration);
    }

    /// <summary>Embedded defaults so <c>dotnet run</c> works with no settings at all: the demo page and a Vite dev server may receive users.</summary>
    private static void AddDevelopmentDefaults(IConfigurationManager configuration)
    {
        if (!configuration.GetSection("OAuth:AllowedReturnUrls").GetChildren().Any())
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["OAuth:AllowedReturnUrls:0"] = DefaultUrl + "/",
                ["OAuth:AllowedReturnUrls:1"] = "http://127.0.0.1:7071/",
                ["OAuth:AllowedReturnUrls:2"] = "http://localhost:5173/",
            });
        }
    }
}

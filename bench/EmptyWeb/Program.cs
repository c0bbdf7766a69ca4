// The baseline for the standalone app: the same path, the same status, nothing behind it.
var app = WebApplication.CreateSlimBuilder(args).Build();
app.MapGet("/api/auth/dev/login", () => Results.Redirect("http://localhost:7071/"));
app.Run();

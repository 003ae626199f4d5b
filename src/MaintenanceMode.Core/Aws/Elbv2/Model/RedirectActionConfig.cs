namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Settings of a redirect action; components may use #{protocol}, #{host}, #{port}, #{path}, #{query}.</summary>
    public sealed class RedirectActionConfig
    {
        public string? Protocol { get; set; }

        public string? Port { get; set; }

        public string? Host { get; set; }

        public string? Path { get; set; }

        public string? Query { get; set; }

        /// <summary><c>HTTP_301</c> or <c>HTTP_302</c>.</summary>
        public string? StatusCode { get; set; }
    }
}

namespace MaintenanceMode.Maintenance
{
    /// <summary>Stable error ids of the maintenance page. They never change once released.</summary>
    public static class PageErrorIds
    {
        public const string PageTooLarge = "PageTooLarge";
        public const string PageEmpty = "PageEmpty";
        public const string PageNotUtf8 = "PageNotUtf8";
        public const string UnsupportedContentType = "UnsupportedContentType";
        public const string PageNotFound = "PageNotFound";
        public const string PageBucketNotFound = "PageBucketNotFound";
        public const string PageAccessDenied = "PageAccessDenied";
        public const string PageFileNotFound = "PageFileNotFound";
        public const string PageNotARegularFile = "PageNotARegularFile";
        public const string UnsafeTokenContext = "UnsafeTokenContext";
    }
}

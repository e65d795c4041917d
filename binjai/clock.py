"""One clock for the whole project: now and today in Binjai (WIB, UTC+7), injectable for tests."""

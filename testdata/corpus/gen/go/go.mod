module corpusgen

go 1.25.0

// Package publish turns the results of the evaluation packages into the website: it
// writes the generated data files and downloads, assembles the Hugo project from the site
// sources (embedded or a service's own), runs Hugo in-process, and replaces the output
// folder only when everything has succeeded.
package publish

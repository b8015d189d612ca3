import * as core from '@actions/core'
import * as github from '@actions/github'
import fetch from 'node-fetch'
core.info(`hello ${github.context.eventName} ${typeof fetch}`)

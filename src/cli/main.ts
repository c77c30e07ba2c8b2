console.log('breakfix')
